using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Application.UnitTests.Conversations;

public sealed class ConversationSearchTextTests
{
    [Theory]
    [InlineData("envío")]
    [InlineData("envio")]
    [InlineData("ENVIO")]
    [InlineData("ENVÍO")]
    [InlineData("Envío")]
    [InlineData("envi\u0301o")]
    public void Normalize_AccentAndCaseVariants_AreTheSame(string text) =>
        Assert.Equal("envio", ConversationSearchText.Normalize(text));

    [Theory]
    [InlineData("José  PEÑA\n\tNúñez", "jose pena nunez")]
    [InlineData("Cartão de crédito", "cartao de credito")]
    [InlineData("  façade\u00A0Straße ", "facade straße")]
    [InlineData("ＡＢＣ", "abc")]
    [InlineData(null, "")]
    [InlineData("   ", "")]
    public void Normalize_Text_LowersStripsAccentsAndCollapsesSpaces(string? text, string expected) =>
        Assert.Equal(expected, ConversationSearchText.Normalize(text));

    [Theory]
    [InlineData("+54 9 11-5555-0000", "5491155550000")]
    [InlineData("(011) 5555.0000", "01155550000")]
    [InlineData("Envío 24", "envio 24")]
    public void ForQuery_NumberOrText_GivesTheStoredForm(string search, string expected) =>
        Assert.Equal(expected, ConversationSearchText.ForQuery(search));

    [Theory]
    [InlineData("ab", 2)]
    [InlineData("a b", 2)]
    [InlineData("é!?", 1)]
    [InlineData("ñoño", 4)]
    [InlineData("+54", 2)]
    public void SignificantLength_Term_CountsLettersAndDigits(string search, int expected) =>
        Assert.Equal(expected, ConversationSearchText.SignificantLength(search));

    [Theory]
    [InlineData("¿Dónde está mi ENVÍO?", new[] { "donde", "esta", "mi", "envio" })]
    [InlineData("gracias😊hola", new[] { "gracias", "hola" })]
    [InlineData("pedido #1234-B", new[] { "pedido", "1234", "b" })]
    [InlineData("+54 9 11-5555", new[] { "549115555" })]
    [InlineData("!?", new string[0])]
    public void Words_Term_AreItsRunsOfLettersAndDigits(string search, string[] expected) =>
        Assert.Equal(expected, ConversationSearchText.Words(search));
}
