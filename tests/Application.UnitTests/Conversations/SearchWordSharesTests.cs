using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Conversations.ListConversations;

namespace WhatsSuite.Application.UnitTests.Conversations;

public sealed class SearchWordSharesTests
{
    private static readonly SearchWordShares Shares = new(
        new Dictionary<string, double> { ["envio"] = 0.6, ["envios"] = 0.2, ["pedido"] = 0.5, ["zanahoria"] = 0.01, ["ola"] = 0.3 },
        100_000);

    [Theory]
    [InlineData("zanahoria", 0.01)]
    [InlineData("ENVÍO", 0.8)]
    [InlineData("envios", 0.2)]
    [InlineData("envio pedido", 0.6 * 0.5)]
    [InlineData("pedido envio", 0.5 * 0.8)]
    [InlineData("frambuesa", 0)]
    [InlineData("envio frambuesa", 0)]
    [InlineData("frambuesa envio", 0)]
    [InlineData("!!!", 0)]
    public void ShareOf_Term_ProductOfItsWordsWithTheLastAsAPrefix(string term, double expected) =>
        Assert.Equal(expected, Shares.ShareOf(ConversationSearchText.ForQuery(term)), 9);

    [Fact]
    public void ShareOf_PrefixOfWordsInMostDocuments_AtMostAllOfThem()
    {
        var shares = new SearchWordShares(new Dictionary<string, double> { ["envio"] = 0.7, ["envios"] = 0.6 }, 10);

        Assert.Equal(1.0, shares.ShareOf("env"));
    }

    [Fact]
    public void ShareOf_ShortLastWord_MatchesOnlyAsAWholeWord()
    {
        // "ol" is shorter than the shortest prefix: it does not count "ola".
        Assert.Equal(0, Shares.ShareOf(ConversationSearchText.ForQuery("envio ol")));
        Assert.Equal(0.6 * 0.3, Shares.ShareOf(ConversationSearchText.ForQuery("envio ola")), 9);
    }

    [Theory]
    [InlineData(1.0, 100_000, 51, 102)]
    [InlineData(0.1, 100_000, 51, 1020)]
    [InlineData(0.05, 100_000, 51, 2040)]
    [InlineData(1.0, 2_500, 3, 6)]
    public void CommonTermWindow_CommonTerm_TwiceTheRowsItsShareTakes(double share, double documents, int take, int expected) =>
        Assert.Equal(expected, ListConversationsQueryHandler.CommonTermWindow(share, documents, take));

    [Theory]
    [InlineData(0, 100_000, 51)]
    [InlineData(0.02, 100_000, 51)]
    [InlineData(0.039, 100_000, 51)]
    [InlineData(0.5, 4_000, 51)]
    [InlineData(1.0, 2_000, 51)]
    public void CommonTermWindow_FewCandidatesOrALongWalk_ReadsTheCandidates(double share, double documents, int take) =>
        Assert.Null(ListConversationsQueryHandler.CommonTermWindow(share, documents, take));
}
