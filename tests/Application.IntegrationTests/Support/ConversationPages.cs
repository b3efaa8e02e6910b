using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Conversations.ListConversations;
using WhatsSuite.Infrastructure.Persistence.Search;

namespace WhatsSuite.Application.IntegrationTests.Support;

/// <summary>How the search tests read the conversation list: every page in turn, and which documents hold a word.</summary>
public static class ConversationPages
{
    /// <summary>The ids of every page of the list as <paramref name="user"/> reads it, cursor after cursor, optionally searched.</summary>
    public static async Task<List<Guid>> AllPagesAsync(this ApplicationFixture fixture, TestUser user, string? search, int limit)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(user);
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = (await fixture.SendAsync(user.Actor, new ListConversationsQuery(null, null, null, null, search, cursor, limit))).Value;
            ids.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids;
    }

    /// <summary>The conversations whose search document's message text holds <paramref name="word"/>.</summary>
    public static async Task<HashSet<Guid>> DocumentsHoldingAsync(this ApplicationFixture fixture, string word)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        return (await fixture.QueryAsync(db => db.Set<ConversationSearchDocument>()
            .Where(d => d.MessageText.Contains(word)).Select(d => d.ConversationId).ToListAsync())).ToHashSet();
    }
}
