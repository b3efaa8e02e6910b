using System.Text;
using WhatsSuite.Application.Common.Csv;

namespace WhatsSuite.Application.UnitTests.Common.Csv;

public sealed class CsvBuilderTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("=A1,B1", "\"'=A1,B1\"")]
    [InlineData("a=b", "a=b")]
    public void Escape_Cell_QuotesPerRfc4180AndNeutralizesFormulas(string? cell, string expected)
    {
        Assert.Equal(expected, CsvBuilder.Escape(cell));
    }

    [Fact]
    public void Build_HeaderAndRows_UsesCrLfAndCountsDataRowsOnly()
    {
        var file = new CsvBuilder("a", "b").AppendRow("1", null).AppendRow("x,y", "=z").Build("f.csv");

        Assert.Equal("a,b\r\n1,\r\n\"x,y\",'=z\r\n", Encoding.UTF8.GetString(file.Content));
        Assert.Equal(2, file.Rows);
        Assert.Equal("f.csv", file.FileName);
    }
}
