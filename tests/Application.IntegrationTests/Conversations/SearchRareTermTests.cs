using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// A term found in at most 2,000 conversations is searched among its candidates (docs/decisions/0045-word-search.md,
/// 0050-search-page-by-bounded-walk.md): with ten or more per row of the page and a caller who sees the list in one
/// part (ADMIN), by walking a bounded window of the list; otherwise, or when the window cannot tell, by reading the
/// candidates' list keys and ordering them in the handler. Every page must be the list's (the same conversations, in the same order, across cursors),
/// which only holds when both ways order as the database does, ties included.
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
        var matching = await fixture.DocumentsHoldingAsync(Term);
        // The 87 above and the conversations the other tests copy their crowds from: at least ten candidates per row
        // for pages of 3 and 7 (4 x 10, 8 x 10), walked for ADMIN; fewer for pages of 10 (11 x 10), read by key.
        Assert.InRange(matching.Count, 87, 109);
        foreach (var user in new[] { supervisor, agent, admin })
        {
            foreach (var limit in new[] { 3, 7, 10 })
            {
                var listed = (await fixture.AllPagesAsync(user, search: null, limit)).Where(matching.Contains).ToList();
                var searched = await fixture.AllPagesAsync(user, Term, limit);

                Assert.Equal(listed, searched);
            }
        }

        Assert.Equal(matching.Count, (await fixture.AllPagesAsync(admin, Term, limit: 7)).Count);
    }

    /// <summary>
    /// 30 matches, then <paramref name="newer"/> newer conversations without the term, all at one time. A page of one
    /// row (two read, the second telling whether another page follows) walks at most 800 rows: with 300 newer, it finds
    /// its rows behind the tie, inside its window; with 900, none in its window, and it reads its 30 candidates by key.
    /// </summary>
    [Theory]
    [InlineData(300, "pimiento")]
    [InlineData(900, "zanahoria")]
    public async Task List_CandidatesBehindNewerConversations_PagesExactlyLikeTheList(int newer, string term)
    {
        var queue = await Seed.QueueAsync();
        var admin = await Seed.UserAsync(Role.ADMIN);
        var connection = await Seed.ConnectionAsync([queue]);
        await Seed.CrowdAsync(connection, queue, 30, term);
        await Seed.CrowdAsync(connection, queue, newer, "otra cosa", tied: true);
        var matching = await fixture.DocumentsHoldingAsync(term);

        var listed = (await fixture.AllPagesAsync(admin, search: null, limit: 100)).Where(matching.Contains).ToList();
        var searched = await fixture.AllPagesAsync(admin, term, limit: 1);

        Assert.Equal(30, matching.Count);
        Assert.Equal(listed, searched);
    }
}
