using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Application.UnitTests.Conversations;

public sealed class ConversationCursorTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewestFirst_DifferentTimes_NewestComesFirst()
    {
        var older = (Noon, Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        var newer = (Noon.AddTicks(10), Guid.Parse("00000000-0000-0000-0000-000000000001"));

        Assert.Equal([newer, older], new[] { older, newer }.Order(ConversationCursor.NewestFirst));
    }

    [Fact]
    public void NewestFirst_SameTime_OrdersIdsByTheirBytesDescendingAsTheDatabaseDoes()
    {
        // The order of the ids' text (PostgreSQL's uuid order), whichever part of the id differs.
        string[] ascending =
        [
            "00000000-0000-0000-0000-000000000001",
            "00000000-0000-0000-0000-0000000000ff",
            "00000000-0000-0000-8000-000000000000",
            "00000000-0000-ff00-0000-000000000000",
            "00000000-0001-0000-0000-000000000000",
            "00000001-0000-0000-0000-000000000000",
            "7fffffff-0000-0000-0000-000000000000",
            "80000000-0000-0000-0000-000000000000",
            "ffffffff-0000-0000-0000-000000000000",
        ];
        var keys = ascending.Select(id => (Noon, Guid.Parse(id))).ToList();

        var ordered = keys.AsEnumerable().Reverse().Order(ConversationCursor.NewestFirst).Select(k => k.Item2.ToString()).ToList();
        var shuffled = keys.OrderBy(k => k.Item2.ToString()[^3..], StringComparer.Ordinal).Order(ConversationCursor.NewestFirst).Select(k => k.Item2.ToString()).ToList();

        Assert.Equal(ascending.Reverse(), ordered);
        Assert.Equal(ascending.Reverse(), shuffled);
    }
}
