using System.Linq.Expressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Contacts.ListContacts;

/// <summary>
/// A page of the contacts the caller sees, in name order. The total of a list without <c>q</c> comes from what the
/// database keeps (<see cref="IContactCounters"/>): an ADMIN's from counters per pair of opt-out flags, a SUPERVISOR's
/// from which contacts each queue has conversations with; a searched list counts its matches. Every total but an
/// ADMIN's unsearched one stops at <see cref="PageTotal.Cap"/> (ADR 0059). A search that cannot be answered within
/// <see cref="SearchBudget.Time"/> is refused (<c>contacts.search_too_broad</c>).
/// </summary>
internal sealed class ListContactsQueryHandler(IApplicationDbContext db, ContactAccess access, ConversationAccess conversations, IContactCounters counters)
    : IQueryHandler<ListContactsQuery, Result<PagedList<ContactDto>>>
{
    /// <summary>
    /// The SQL comment of the list's statements. Its page is read in the order of the contacts' list index
    /// (<c>ix_contacts_list_order</c>, ADR 0053), whose expression is this query's <c>ORDER BY</c>.
    /// </summary>
    public const string ListTag = "contacts.list";

    /// <summary>
    /// How many of a searched number's last digits are looked up in the number's trigram index (ADR 0059); the whole
    /// term is then checked on the rows found. A business's customers share their country and area codes, so the
    /// index's entries for a number's first digits hold nearly every contact, while its last digits tell them apart.
    /// </summary>
    public const int NumberTailLength = 6;

    /// <summary>
    /// How many rows of the list a term past the cap may be expected to read for its page before its matches are sorted
    /// instead (ADR 0059): at 50,000 contacts, the first five pages of 20 are walked.
    /// </summary>
    public const int WalkBudget = 5000;

    public async ValueTask<Result<PagedList<ContactDto>>> Handle(ListContactsQuery query, CancellationToken cancellationToken)
    {
        var contacts = access.Visible(db.Contacts.AsNoTracking().TagWith(ListTag));
        if (query.OptedOut is { } optedOut)
        {
            contacts = contacts.Where(c => c.OptedOut == optedOut);
        }

        if (query.MarketingOptedOut is { } marketingOptedOut)
        {
            contacts = contacts.Where(c => c.MarketingOptedOut == marketingOptedOut);
        }

        if (string.IsNullOrWhiteSpace(query.Q))
        {
            var unsearched = await UnsearchedTotalAsync(query, contacts, cancellationToken);
            return PagedList.From(await PageAsync(contacts, query, cancellationToken), query.Page, query.PageSize, unsearched);
        }

        var term = ConversationSearchText.Normalize(query.Q);
        return await SearchBudget.RunAsync(ct => SearchAsync(contacts, term, query, ct), ContactErrors.SearchTooBroad, cancellationToken);
    }

    /// <summary>A searched page and its total, within the budget's token (<see cref="SearchBudget"/>).</summary>
    private async Task<PagedList<ContactDto>> SearchAsync(IQueryable<Contact> contacts, string term, ListContactsQuery query, CancellationToken cancellationToken)
    {
        var matching = contacts.Where(Matching(term, SearchPlan.FromIndexes));
        var total = await matching.CountUpToCapAsync(cancellationToken);

        // Past the cap, a term is common enough that its page is found sooner by reading the list in name order and
        // checking each contact than by fetching every match from the trigram indexes and sorting them, as long as the
        // page is near the list's start: the walk reads about (rows up to the page's end) x contacts / matches rows.
        if (total.Capped && await WorthWalkingAsync(query, cancellationToken))
        {
            var walked = await PageAsync(contacts.Where(Matching(term, SearchPlan.InListOrder)), query, cancellationToken);
            return PagedList.From(walked, query.Page, query.PageSize, total);
        }

        return PagedList.From(await PageAsync(matching, query, cancellationToken), query.Page, query.PageSize, total);
    }

    /// <summary>
    /// Whether a term past the cap (more than 1,000 matches) would find this page within <see cref="WalkBudget"/> rows of
    /// the list were its matches spread evenly: the page's end x every contact (the ADMIN's counters, a bound for any
    /// caller's list) / 1,001 matches. A deeper page, or a list of contacts so long that even 1,001 matches are sparse
    /// in it, sorts the matches instead.
    /// </summary>
    private async Task<bool> WorthWalkingAsync(ListContactsQuery query, CancellationToken cancellationToken)
    {
        long contacts = await counters.CountAsync(null, null, cancellationToken);
        return (long)query.Page * query.PageSize * contacts <= (long)WalkBudget * (PageTotal.Cap + 1);
    }

    private static Task<List<ContactDto>> PageAsync(IQueryable<Contact> contacts, ListContactsQuery query, CancellationToken cancellationToken) =>
        contacts.OrderBy(ListKey).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(ContactDto.Projection)
            .ToListAsync(cancellationToken);

    /// <summary>The list's order, the expression of its index (<c>ix_contacts_list_order</c>): the name shown, lower-cased.</summary>
    private static readonly Expression<Func<Contact, string>> ListKey = c => (c.DisplayName ?? c.ProfileName ?? c.Username ?? c.WaId ?? c.UserId)!.ToLower();

    private enum SearchPlan
    {
        /// <summary><c>LIKE</c>, which PostgreSQL answers from the trigram indexes (migrations <c>ContactSearchIndexes</c>, <c>ContactSearchText</c>, <c>ContactNumberIndexForSearchOnly</c>).</summary>
        FromIndexes,

        /// <summary><c>strpos</c> (SQLite: <c>instr</c>), which no index answers: PostgreSQL reads the list's index in order.</summary>
        InListOrder,
    }

    /// <summary>
    /// Whether a contact's searchable text (<see cref="ContactSearchText"/>: its names, username and user id, accents
    /// folded, ADR 0060) holds the normalized <paramref name="term"/>, or its number holds the term's digits when it has enough of them to be looked up (ADR 0058): "ana 1" is a name, not every
    /// number with a 1 in it. The shapes are distinct statements: with the number's arm switched off by a parameter
    /// instead, a prepared statement's plan for any parameters would still read the number's whole trigram index for the
    /// pattern '%'. From the indexes, a long number is looked up by its last digits and checked whole
    /// (<see cref="NumberTailLength"/>).
    /// </summary>
    private static Expression<Func<Contact, bool>> Matching(string term, SearchPlan plan)
    {
        var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
        var tail = digits.Length > NumberTailLength ? digits[^NumberTailLength..] : digits;
#pragma warning disable CA2249 // IndexOf translates to strpos (SQLite: instr), which no trigram index answers: the point of the shape that uses it.
#pragma warning disable CA1862 // ToLower() is the number index's expression, lower(wa_id) (ADR 0062), written into the SQL for PostgreSQL to match it.
        Expression<Func<Contact, bool>> names = plan == SearchPlan.FromIndexes
            ? c => EF.Property<string>(c, ContactSearchText.Property).Contains(term)
            : c => EF.Property<string>(c, ContactSearchText.Property).IndexOf(term) >= 0;
        // The number's trigram index is on lower(wa_id) (ADR 0062: an equality on the number, as lookups by number write it,
        // cannot take it); a number is digits, so lower-casing it changes nothing but the index it is read from.
        Expression<Func<Contact, bool>> number = plan == SearchPlan.FromIndexes
            ? c => c.WaId != null && c.WaId.ToLower().Contains(tail) && c.WaId.IndexOf(digits) >= 0
            : c => c.WaId != null && c.WaId.IndexOf(digits) >= 0;
#pragma warning restore CA1862
#pragma warning restore CA2249
        if (digits.Length < ConversationSearchText.MinTermLength)
        {
            return names;
        }

        var contact = names.Parameters[0];
        var numberOfContact = ReplacingExpressionVisitor.Replace(number.Parameters[0], contact, number.Body);
        return Expression.Lambda<Func<Contact, bool>>(Expression.OrElse(names.Body, numberOfContact), contact);
    }

    private async Task<PageTotal> UnsearchedTotalAsync(ListContactsQuery query, IQueryable<Contact> visible, CancellationToken cancellationToken)
    {
        if (access.SeesEveryContact)
        {
            return PageTotal.Exact(await counters.CountAsync(query.OptedOut, query.MarketingOptedOut, cancellationToken));
        }

        var scope = await conversations.ScopeAsync(cancellationToken);
        return scope.Role == Role.SUPERVISOR
            ? await counters.InQueuesAsync(scope.QueueIds, query.OptedOut, query.MarketingOptedOut, cancellationToken)
            : await visible.CountUpToCapAsync(cancellationToken);
    }
}
