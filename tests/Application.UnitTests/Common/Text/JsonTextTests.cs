using System.Text.Json;
using WhatsSuite.Application.Common.Text;

namespace WhatsSuite.Application.UnitTests.Common.Text;

public sealed class JsonTextTests
{
    [Theory]
    [InlineData("""{"t":"a\ud83d"}""", "a\uFFFD")]
    [InlineData("""{"t":"\ude00b"}""", "\uFFFDb")]
    [InlineData("""{"t":"\uD83D\uD83D\uDE00"}""", "\uFFFD😀")]
    [InlineData("""{"t":"\ud83d\u0041"}""", "\uFFFDA")]
    [InlineData("""{"t":"x\ud83d"}""", "x\uFFFD")]
    public void ReplaceLoneSurrogates_UnpairedEscapes_BecomeReadableText(string json, string expected)
    {
        Assert.Throws<InvalidOperationException>(() => ReadT(json));

        Assert.Equal(expected, ReadT(JsonText.ReplaceLoneSurrogates(json)));
    }

    [Theory]
    [InlineData("""{"t":"\ud83d\ude00 ok"}""")]
    [InlineData("""{"t":"a\\ud83d"}""")]
    [InlineData("""{"t":"\\\ud83d\ude00"}""")]
    [InlineData("""{"t":"plain \"quoted\" \n text"}""")]
    [InlineData("""{"t":"😀 raw"}""")]
    public void ReplaceLoneSurrogates_WellFormedJson_IsReturnedUnchanged(string json)
    {
        Assert.Same(json, JsonText.ReplaceLoneSurrogates(json));
    }

    [Fact]
    public void ReplaceLoneSurrogates_RawUnpairedSurrogate_BecomesReplacementCharacter()
    {
        Assert.Equal("{\"t\":\"a\uFFFD\"}", JsonText.ReplaceLoneSurrogates("{\"t\":\"a\uD83D\"}"));
    }

    private static string? ReadT(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("t").GetString();
    }
}
