using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// A term the database's statistics say is common is searched by walking a window of each visible part of the list
/// first, without reading its candidates (docs/decisions/0061-common-search-term-walks-the-list-first.md). Every page
/// must be the list's, for every role and across cursors, both when the statistics are right and when they are stale
/// and the window does not hold the page.
/// </summary>
public sealed class SearchCommonTermFromStatisticsTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private const string Term = "hola";

    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task List_CommonTermFromFreshAndStaleStatistics_PagesExactlyLikeTheListForEveryRole()
    {
        var mine = await Seed.QueueAsync();
        var crowded = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, mine);
        var agent = await Seed.UserAsync(Role.AGENTE, mine);
        var admin = await Seed.UserAsync(Role.ADMIN);
        var connection = await Seed.ConnectionAsync([mine, crowded]);
        await Seed.ConversationAsync(connection, mine);
        await Seed.ConversationAsync(connection, mine, ConversationStatus.OPEN, agent.Id);
        await Seed.CrowdAsync(connection, crowded, 2500, Term);
        await Seed.ConversationAsync(connection, null);
        await Seed.ConversationAsync(connection, mine, ConversationStatus.CLOSED);
        await Seed.ConversationAsync(connection, mine);
        await fixture.ChangeAsync(db => db.Database.ExecuteSqlRawAsync("ANALYZE conversation_search_documents"));

        // Every document holds the term, and the statistics say so: each page is walked for, in a window of twice its rows.
        var shares = await WordSharesAsync();
        Assert.NotNull(shares);
        Assert.Equal(1.0, shares.ShareOf(Term), 3);
        Assert.True(shares.Documents > 2000, $"the statistics count {shares.Documents} documents: the term would be read from its candidates");
        foreach (var (user, limit) in new[] { (supervisor, 2), (agent, 1), (admin, 100) })
        {
            Assert.Equal(await fixture.AllPagesAsync(user, search: null, limit), await fixture.AllPagesAsync(user, Term, limit));
        }

        // Newer conversations without the term, unknown to the statistics the instance read: 300 in a queue only the
        // ADMIN sees, then 10 in the queue of the others. Each role's first window (202 rows for the ADMIN, 6 for the
        // SUPERVISOR, 4 for the AGENTE) holds fewer matches than a page and goes on, so the page is found from the
        // candidates; later pages are walked again.
        await Seed.CrowdAsync(connection, crowded, 300, "otra cosa", tied: true);
        await Seed.CrowdAsync(connection, mine, 10, "otra cosa", tied: true);
        Assert.Equal(1.0, (await WordSharesAsync())!.ShareOf(Term), 3);
        var matching = await fixture.DocumentsHoldingAsync(Term);
        foreach (var (user, limit) in new[] { (supervisor, 2), (agent, 1), (admin, 100) })
        {
            var listed = (await fixture.AllPagesAsync(user, search: null, limit)).Where(matching.Contains).ToList();
            Assert.Equal(listed, await fixture.AllPagesAsync(user, Term, limit));
        }

        Assert.Equal(2508, matching.Count);
        Assert.Equal(2508, (await fixture.AllPagesAsync(admin, Term, limit: 100)).Count);
    }

    private async Task<SearchWordShares?> WordSharesAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConversationSearch>().WordSharesAsync(CancellationToken.None);
    }
}
