using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Conversations.ListConversations;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Persistence.Search;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// A term found in at most 2,000 conversations is searched by reading its candidates' list keys and ordering them in
/// the handler (docs/decisions/0045-word-search.md). Here every conversation's document holds the term, and forty of
/// them share one last-activity time, so pages end inside the tie: for every role the search must page exactly like
/// the list (the same conversations, in the same order, across cursors), which only holds when the handler orders the
/// keys as the database does.
/// </summary>
public sealed class SearchRareTermTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private const string Term = "hola";

    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task List_TermInFewConversationsWithTiedTimes_PagesExactlyLikeTheListForEveryRole()
    {
        var mine = await Seed.QueueAsync();
        var other = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, mine);
        var agent = await Seed.UserAsync(Role.AGENTE, mine);
        var admin = await Seed.UserAsync(Role.ADMIN);
        var connection = await Seed.ConnectionAsync([mine, other]);

        await Seed.ConversationAsync(connection, mine);
        await Seed.ConversationAsync(connection, mine, ConversationStatus.OPEN, agent.Id);
        await Seed.CrowdAsync(connection, mine, 40, Term, tied: true);
        await Seed.ConversationAsync(connection, other);
        await Seed.CrowdAsync(connection, other, 40, Term, tied: true);
        await Seed.ConversationAsync(connection, null);
        await Seed.ConversationAsync(connection, mine, ConversationStatus.CLOSED);
        var documents = await fixture.QueryAsync(db => db.Set<ConversationSearchDocument>().CountAsync(d => d.MessageText.Contains(Term)));
        Assert.InRange(documents, 80, 2000); // at most 2,000: read by key, not walked

        foreach (var user in new[] { supervisor, agent, admin })
        {
            foreach (var limit in new[] { 3, 7 })
            {
                var listed = await AllPagesAsync(user, search: null, limit);
                var searched = await AllPagesAsync(user, Term, limit);

                Assert.Equal(listed, searched);
            }
        }

        Assert.Equal(87, (await AllPagesAsync(admin, Term, limit: 7)).Count);
    }

    private async Task<List<Guid>> AllPagesAsync(TestUser user, string? search, int limit)
    {
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
}
