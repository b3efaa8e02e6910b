using System.Text;

namespace WhatsSuite.Application.Common.Csv;

/// <summary>A finished CSV export: the bytes (UTF-8) and the file name to offer.</summary>
public sealed record CsvFile(string FileName, byte[] Content, int Rows);

/// <summary>
/// Writes RFC 4180 CSV: CRLF line ends, a cell is quoted when it holds a comma, a quote, CR or LF, and quotes
/// are doubled. Against CSV injection (formulas run by spreadsheet programs), a cell that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a CR is prefixed with a single quote.
/// </summary>
public sealed class CsvBuilder
{
    /// <summary>The most rows one export may hold; a filter that matches more is refused with 422.</summary>
    public const int MaxRows = 100_000;

    private readonly StringBuilder _text = new();
    private int _rows;

    public CsvBuilder(params string[] header) => AppendRow(header);

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public CsvBuilder AppendRow(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            _text.Append(Escape(cells[i]));
        }

        _text.Append("\r\n");
        _rows++;
        return this;
    }

    /// <summary>The file; its row count leaves out the header.</summary>
    public CsvFile Build(string fileName) => new(fileName, Encoding.UTF8.GetBytes(_text.ToString()), _rows - 1);
}
