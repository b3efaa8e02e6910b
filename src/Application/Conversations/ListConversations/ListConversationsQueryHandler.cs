using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.ListConversations;

/// <summary>
/// Reads one page from index-backed plans only (docs/decisions/0019-desk-at-scale.md). Without a search the
/// caller's visibility is split into disjoint parts (<see cref="ConversationAccess.VisibleParts"/>): each part
/// reads at most one page of keys from an index in list order (<c>updated_at DESC, id DESC</c>, per queue or
/// assignee when it has one), the page is the newest of those keys, and only its conversations are read and joined. With a search the candidates come from the
/// search index (<see cref="IConversationSearch"/>) and the query runs within
/// <see cref="SearchBudget"/>; a search that would take longer is refused as too broad.
/// </summary>
internal sealed class ListConversationsQueryHandler(
    IApplicationDbContext db, ConversationAccess access, IConversationSearch search, MessagingOptions messaging, TimeProvider clock)
    : IQueryHandler<ListConversationsQuery, Result<ConversationPage>>
{
    /// <summary>The SQL comment of the list query (see <see cref="ConversationReader.ReadManyAsync"/>).</summary>
    public const string ListTag = "conversations.list";

    /// <summary>The SQL comment of the search query.</summary>
    public const string SearchTag = "conversations.search";

    /// <summary>
    /// Up to this many matching conversations, a search reads them by key rather than walking the list. Reading by key
    /// costs in proportion to the matches (M), walking in proportion to the rows checked per page found (51 x N / M of
    /// N visible conversations): they cost the same near M = sqrt(51 x N), about 2,250 at 100,000 conversations
    /// (docs/decisions/0045-word-search.md). The word index answers the match set exactly, so reading it is cheap.
    /// </summary>
    internal const int SearchByKeyLimit = 2000;

    /// <summary>
    /// A search walks the list for its page when it has at least this many candidates per row of the page (510 for the
    /// default page of 50 rows and the one that tells whether another page follows): fewer are read by key in about
    /// what a walk would cost to find them.
    /// </summary>
    internal const int WalkMinCandidatesPerRow = 10;

    /// <summary>
    /// The rows of the list a search's walk reads at most, per row of the page (20,400 for the default page):
    /// a few milliseconds of index-only reading, enough for the page of a term in 510 of 100,000 conversations spread
    /// evenly over time (51 x 100,000 / 510 = 10,000 rows).
    /// </summary>
    internal const int WalkWindowPerRow = 400;

    /// <summary>
    /// A common term's walk reads up to this many times the rows its estimated share says a page takes
    /// (<see cref="CommonTermWindow"/>): enough for an estimate twice too high, since a page found by walking is exact
    /// only when the window holds it.
    /// </summary>
    internal const int CommonTermSlack = 2;

    /// <summary>
    /// A common term's walk reads at most this many rows of each visible part per row of the page (2,550 for the
    /// default page): each row's document is looked up and tested, about 4 microseconds a row at 1,000,000 messages and
    /// 10 at 10,000,000 (larger documents), so a longer walk would cost more than reading the term's first 2,001
    /// candidates does (docs/decisions/0061-common-search-term-walks-the-list-first.md).
    /// </summary>
    internal const int CommonTermMaxWindowPerRow = 50;

    public async ValueTask<Result<ConversationPage>> Handle(ListConversationsQuery query, CancellationToken cancellationToken)
    {
        var take = query.Limit + 1;
        var now = clock.GetUtcNow();
        List<ConversationDto> items;
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var searched = await SearchBudget.RunAsync(ct => SearchAsync(query, take, now, ct), ConversationErrors.SearchTooBroad, cancellationToken);
            if (!searched.IsSuccess)
            {
                return searched.Error;
            }

            items = searched.Value;
        }
        else
        {
            var scope = await access.ScopeAsync(cancellationToken);
            var parts = ConversationAccess.VisibleParts(db.Conversations, scope);
            if (parts.Count == 0)
            {
                return new ConversationPage([], null);
            }

            items = await ConversationReader.ReadManyAsync(db, Page(parts, query, take), take, now, messaging.ServiceWindow, ListTag, cancellationToken);
        }

        string? nextCursor = null;
        if (items.Count > query.Limit)
        {
            items.RemoveAt(items.Count - 1);
            var last = items[^1];
            nextCursor = ConversationCursor.Encode(last.UpdatedAt, last.Id);
        }

        return new ConversationPage(items, nextCursor);
    }

    /// <summary>The search's page (one row more than the limit when another follows), within the budget's token.</summary>
    private async Task<List<ConversationDto>> SearchAsync(ListConversationsQuery query, int take, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var term = ConversationSearchText.ForQuery(query.Search!);

        // A term found in few conversations: its page is found among its candidates (SearchPageAsync). A
        // common one: walk each visible part of the list in order and keep the matching ones, which finds a
        // page after a few rows; walking the parts rather than the whole list filtered by visibility spares
        // checking the text of conversations the caller cannot see (a SUPERVISOR of 2 queues out of 20: a
        // tenth of the rows).
        var found = await search.ReadFromIndexesAsync(ct => SearchPageAsync(term, query, take, ct), cancellationToken);
        IQueryable<Conversation> page;
        if (found is not null)
        {
            page = db.Conversations.Where(c => found.Contains(c.Id));
        }
        else
        {
            var matching = search.Matching(term);
            var parts = ConversationAccess.VisibleParts(db.Conversations, await access.ScopeAsync(cancellationToken));
            if (parts.Count == 0)
            {
                return [];
            }

            page = Page(parts.Select(part => part.Where(c => matching.Contains(c.Id))).ToList(), query, take);
        }

        return await ConversationReader.ReadManyAsync(db, page, take, now, messaging.ServiceWindow, SearchTag, cancellationToken);
    }

    /// <summary>
    /// The ids of the page of a term with at most <see cref="SearchByKeyLimit"/> candidates (in one index-only
    /// transaction, <see cref="IConversationSearch.ReadFromIndexesAsync{T}"/>), or null when it has more. A term the
    /// database's statistics put in more documents than that is first walked for without reading its candidates, whose
    /// first 2,001 would cost more than the walk (<see cref="WalkCommonTermAsync"/>). With many
    /// candidates for the page and a caller who sees the list in one part (ADMIN), the list is walked in order from its
    /// index (a bounded window, <see cref="WalkAsync"/>); otherwise, or when the window cannot tell, the candidates'
    /// list keys are read by primary key and the newest kept here. With the candidates as a mere filter of an unbounded
    /// walk, the planner would read every newer non-matching conversation first (all of them when the matches are old).
    /// Several parts (SUPERVISOR, AGENTE) are not walked: each part's walk is a statement planned for the candidates at
    /// hand, and two or three of them cost what reading the keys does.
    /// </summary>
    private async Task<List<Guid>?> SearchPageAsync(string term, ListConversationsQuery query, int take, CancellationToken cancellationToken)
    {
        if (await search.WordSharesAsync(cancellationToken) is { } shares
            && CommonTermWindow(shares.ShareOf(term), shares.Documents, take) is { } window
            && await WalkCommonTermAsync(term, query, take, window, cancellationToken) is { } common)
        {
            return common;
        }

        var candidates = await search.Matching(term).TagWith(SearchTag).Take(SearchByKeyLimit + 1).ToListAsync(cancellationToken);
        if (candidates.Count > SearchByKeyLimit)
        {
            return null;
        }

        if (candidates.Count >= take * WalkMinCandidatesPerRow
            && access.Actor.Role == Role.ADMIN
            && ConversationAccess.VisibleParts(db.Conversations, await access.ScopeAsync(cancellationToken)) is [var visible]
            && await WalkAsync(visible, query, candidates, take, cancellationToken) is { } walked)
        {
            return walked;
        }

        var keys = await Filter(access.Visible(db.Conversations), query)
            .Where(c => candidates.Contains(c.Id))
            .Select(c => new { c.UpdatedAt, c.Id })
            .TagWith(SearchTag)
            .ToListAsync(cancellationToken);
        return keys.Select(k => (k.UpdatedAt, k.Id)).Order(ConversationCursor.NewestFirst).Take(take).Select(k => k.Id).ToList();
    }

    /// <summary>
    /// How many rows of each visible part a term in <paramref name="share"/> of the <paramref name="documents"/> walks for
    /// a page of <paramref name="take"/> rows (<see cref="CommonTermSlack"/> times the rows it should take), or null when
    /// it is read from its candidates instead: when it has at most <see cref="SearchByKeyLimit"/> of them, which are
    /// cheaper to read than to walk for, or when the walk would be longer than <see cref="CommonTermMaxWindowPerRow"/>
    /// rows per row of the page.
    /// </summary>
    internal static int? CommonTermWindow(double share, double documents, int take)
    {
        if (share <= 0 || share * documents <= SearchByKeyLimit)
        {
            return null;
        }

        var window = Math.Ceiling(CommonTermSlack * take / share);
        return window > (double)CommonTermMaxWindowPerRow * take ? null : (int)window;
    }

    /// <summary>
    /// The page of a term the statistics say is common, found without reading its candidates: one statement walks the
    /// first <paramref name="window"/> rows of each visible part, in list order from its index, keeps those whose
    /// document matches (looked up by key), and merges the parts in list order up to a page, so that the database reads
    /// each part only as far as the page needs. The page is exact when no part goes on past its window, or when it is
    /// whole and every part that does goes on only after its last row (a part's rows past its window are older than all
    /// of its window); a second statement reads each part's first row past its window, unless the caller sees one part
    /// and it yielded a whole page. Null otherwise (the estimate was too high), and the term is searched from its
    /// candidates.
    /// </summary>
    private async Task<List<Guid>?> WalkCommonTermAsync(string term, ListConversationsQuery query, int take, int window, CancellationToken cancellationToken)
    {
        var matching = search.Matching(term);
        var parts = ConversationAccess.VisibleParts(db.Conversations, await access.ScopeAsync(cancellationToken))
            .Select(part => Filter(part, query).OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id))
            .ToList();
        if (parts.Count == 0)
        {
            return [];
        }

        await search.PlanForTheseValuesAsync(cancellationToken);
        var hits = (await parts
                .Select(ordered => ordered.Take(window)
                    .Where(c => matching.Contains(c.Id))
                    .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
                    .TakeLiteral(take)
                    .Select(c => new { c.UpdatedAt, c.Id }))
                .Aggregate((all, part) => all.Concat(part))
                .OrderByDescending(k => k.UpdatedAt).ThenByDescending(k => k.Id)
                .TakeLiteral(take)
                .TagWith(SearchTag)
                .ToListAsync(cancellationToken))
            .Select(k => (k.UpdatedAt, k.Id))
            .ToList();
        if (parts.Count == 1 && hits.Count == take)
        {
            return hits.Select(k => k.Id).ToList();
        }

        var pastWindows = await parts
            .Select(ordered => ordered.Skip(window).TakeLiteral(1).Select(c => new { c.UpdatedAt, c.Id }))
            .Aggregate((all, part) => all.Concat(part))
            .TagWith(SearchTag)
            .ToListAsync(cancellationToken);
        if (pastWindows.Count > 0 && (hits.Count < take || pastWindows.Any(p => ConversationCursor.NewestFirst.Compare((p.UpdatedAt, p.Id), hits[^1]) <= 0)))
        {
            return null;
        }

        return hits.Select(k => k.Id).ToList();
    }

    /// <summary>
    /// The page among <paramref name="candidates"/> found by walking the first <see cref="WalkWindowPerRow"/> x
    /// <paramref name="take"/> rows of <paramref name="visible"/> (the caller's whole visibility in one part, read from
    /// its list-order index: keys only) and keeping the candidates: exact when the window yields a whole page of them or
    /// holds every visible row. Null when the list goes on past the window with fewer: the older candidates are not
    /// known, and reading them by key is cheaper than walking further (docs/decisions/0050-search-page-by-bounded-walk.md).
    /// </summary>
    private async Task<List<Guid>?> WalkAsync(
        IQueryable<Conversation> visible, ListConversationsQuery query, List<Guid> candidates, int take, CancellationToken cancellationToken)
    {
        var window = take * WalkWindowPerRow;
        await search.PlanForTheseValuesAsync(cancellationToken);
        var ordered = Filter(visible, query).OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id);
        var hits = await ordered.Take(window)
            .Where(c => candidates.Contains(c.Id))
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Take(take)
            .Select(c => c.Id)
            .TagWith(SearchTag)
            .ToListAsync(cancellationToken);
        if (hits.Count < take && await ordered.Skip(window).Select(c => c.Id).TagWith(SearchTag).AnyAsync(cancellationToken))
        {
            return null;
        }

        return hits;
    }

    /// <summary>
    /// The conversations of one page of <paramref name="parts"/> (disjoint, see <see cref="ConversationAccess.VisibleParts"/>)
    /// under the query's filters. Several parts: only their keys are merged (index-only reads of the list-order indexes),
    /// the newest page of keys is kept, and only its conversations are read and joined. Merging whole rows would read and
    /// join every part's page, and makes EF join the table to itself for the referral columns.
    /// </summary>
    private IQueryable<Conversation> Page(IReadOnlyList<IQueryable<Conversation>> parts, ListConversationsQuery query, int take)
    {
        if (parts.Count == 1)
        {
            return Filter(parts[0], query);
        }

        var keys = parts
            .Select(part => Filter(part, query).OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).TakeLiteral(take).Select(c => new { c.Id, c.UpdatedAt }))
            .Aggregate((all, part) => all.Concat(part))
            .OrderByDescending(k => k.UpdatedAt)
            .ThenByDescending(k => k.Id)
            .TakeLiteral(take)
            .Select(k => k.Id);
        return db.Conversations.Where(c => keys.Contains(c.Id));
    }

    /// <summary>The query's filters and its cursor (the keyset: strictly after the last row of the previous page).</summary>
    private static IQueryable<Conversation> Filter(IQueryable<Conversation> conversations, ListConversationsQuery query)
    {
        if (query.Status is not null)
        {
            var status = Enum.Parse<ConversationStatus>(query.Status);
            conversations = conversations.Where(c => c.Status == status);
        }

        if (query.QueueId is { } queueId)
        {
            conversations = conversations.Where(c => c.QueueId == queueId);
        }

        if (query.AssigneeId is { } assigneeId)
        {
            conversations = conversations.Where(c => c.AssigneeId == assigneeId);
        }

        if (query.ConnectionId is { } connectionId)
        {
            conversations = conversations.Where(c => c.ConnectionId == connectionId);
        }

        if (query.ReferralSourceType is { } sourceType)
        {
            conversations = conversations.Where(c => c.Referral != null && c.Referral.SourceType == sourceType);
        }

        if (query.ReferralSourceId is { } sourceId)
        {
            conversations = conversations.Where(c => c.Referral != null && c.Referral.SourceId == sourceId);
        }

        if (query.Cursor is not null && ConversationCursor.TryDecode(query.Cursor, out var afterUpdatedAt, out var afterId))
        {
            // Strictly after (updated_at, id) in list order. The first condition lets the index range start at the
            // cursor, so a deep page costs what the first one does. The second only drops the cursor's own instant's
            // later ids: written as "a different instant, or a lower id" the planner sees it keeps nearly every row,
            // and keeps the prepared statement's generic plan; written as "an earlier instant, or the same instant and
            // a lower id" it guessed a third, and planned every execution again (ADR 0051).
            conversations = conversations
                .Where(c => c.UpdatedAt <= afterUpdatedAt)
                .Where(c => c.UpdatedAt != afterUpdatedAt || c.Id.CompareTo(afterId) < 0);
        }

        return conversations;
    }
}
