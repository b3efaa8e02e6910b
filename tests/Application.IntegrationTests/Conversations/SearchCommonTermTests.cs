using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Persistence.Search;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// A term found in more than 2,000 conversations is searched by walking each visible part of the list in order
/// (docs/decisions/0019-desk-at-scale.md). Here every conversation's document holds the term, so for every role the
/// search must page exactly like the list: the same conversations, in the same order, across cursors.
/// </summary>
public sealed class SearchCommonTermTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private const string Term = "hola";

    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task List_TermInEveryConversation_PagesExactlyLikeTheListForEveryRole()
    {
        var mine = await Seed.QueueAsync();
        var other = await Seed.QueueAsync();
        var crowded = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, mine);
        var agent = await Seed.UserAsync(Role.AGENTE, mine);
        var colleague = await Seed.UserAsync(Role.AGENTE, mine);
        var admin = await Seed.UserAsync(Role.ADMIN);
        var connection = await Seed.ConnectionAsync([mine, other, crowded]);

        // A few conversations the roles see differently, then 2,000 in a queue none of them belongs to, in between.
        await Seed.ConversationAsync(connection, mine);
        await Seed.ConversationAsync(connection, mine, ConversationStatus.OPEN, agent.Id);
        await Seed.ConversationAsync(connection, other);
        await Seed.CrowdAsync(connection, crowded, 2000, Term);
        await Seed.ConversationAsync(connection, mine, ConversationStatus.OPEN, colleague.Id);
        await Seed.ConversationAsync(connection, null);
        await Seed.ConversationAsync(connection, mine, ConversationStatus.CLOSED);
        await Seed.ConversationAsync(connection, mine);
        var documents = await fixture.QueryAsync(db => db.Set<ConversationSearchDocument>().CountAsync(d => d.MessageText.Contains(Term)));
        Assert.True(documents > 2000, $"only {documents} documents hold the term: the search would read them by key");

        foreach (var user in new[] { supervisor, agent, admin })
        {
            var listed = await fixture.AllPagesAsync(user, search: null, limit: user.Role == Role.ADMIN ? 100 : 2);
            var searched = await fixture.AllPagesAsync(user, Term, limit: user.Role == Role.ADMIN ? 100 : 2);

            Assert.Equal(listed, searched);
        }

        Assert.Equal(6, (await fixture.AllPagesAsync(supervisor, Term, limit: 2)).Count);
        Assert.Equal(3, (await fixture.AllPagesAsync(agent, Term, limit: 2)).Count);
        Assert.Equal(2008, (await fixture.AllPagesAsync(admin, Term, limit: 100)).Count);
    }
}
