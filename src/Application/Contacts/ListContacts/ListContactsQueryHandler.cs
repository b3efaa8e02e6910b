using Mediator;
using Microsoft.EntityFrameworkCore;
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
/// ADMIN's unsearched one stops at <see cref="PageTotal.Cap"/> (ADR 0059).
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

        PageTotal total;
        if (string.IsNullOrWhiteSpace(query.Q))
        {
            total = await UnsearchedTotalAsync(query, contacts, cancellationToken);
        }
        else
        {
            var term = query.Q.Trim().ToLowerInvariant();
            total = await Matching(contacts, term, SearchPlan.FromIndexes).CountUpToCapAsync(cancellationToken);

            // Past the cap, matches are common enough that walking the list's index in name order and checking each
            // contact finds a page sooner than fetching every match from the trigram indexes and sorting them.
            contacts = Matching(contacts, term, total.Capped ? SearchPlan.InListOrder : SearchPlan.FromIndexes);
        }

        var items = await contacts
            .OrderBy(c => (c.DisplayName ?? c.ProfileName ?? c.Username ?? c.WaId ?? c.UserId)!.ToLower()).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(ContactDto.Projection)
            .ToListAsync(cancellationToken);
        return new PagedList<ContactDto>(items, query.Page, query.PageSize, total);
    }

    private enum SearchPlan
    {
        /// <summary><c>LIKE</c>, which PostgreSQL answers from the trigram indexes (migration <c>ContactSearchIndexes</c>).</summary>
        FromIndexes,

        /// <summary><c>strpos</c> (SQLite: <c>instr</c>), which no index answers: PostgreSQL reads the list's index in order.</summary>
        InListOrder,
    }

    /// <summary>
    /// The contacts whose display or profile name, username or user id holds <paramref name="term"/>, or whose number
    /// holds its digits when it has enough of them to be looked up (ADR 0058): "ana 1" is a name, not every number with
    /// a 1 in it. The shapes are distinct statements: with an arm switched off by a parameter instead, a prepared
    /// statement's plan for any parameters would still read the number's whole trigram index for the pattern '%'.
    /// </summary>
    private static IQueryable<Contact> Matching(IQueryable<Contact> contacts, string term, SearchPlan plan)
    {
        var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
        var number = digits.Length >= ConversationSearchText.MinTermLength;
        var tail = digits.Length > NumberTailLength ? digits[^NumberTailLength..] : digits;
#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both providers; the StringComparison overload does not.
#pragma warning disable CA2249 // IndexOf translates to strpos (SQLite: instr), which no trigram index answers: the point of each shape that uses it.
        return (plan, number) switch
        {
            (SearchPlan.FromIndexes, true) => contacts.Where(c => (c.DisplayName != null && c.DisplayName.ToLower().Contains(term))
                || (c.ProfileName != null && c.ProfileName.ToLower().Contains(term))
                || (c.Username != null && c.Username.ToLower().Contains(term))
                || (c.UserId != null && c.UserId.ToLower().Contains(term))
                || (c.WaId != null && c.WaId.Contains(tail) && c.WaId.IndexOf(digits) >= 0)),
            (SearchPlan.FromIndexes, false) => contacts.Where(c => (c.DisplayName != null && c.DisplayName.ToLower().Contains(term))
                || (c.ProfileName != null && c.ProfileName.ToLower().Contains(term))
                || (c.Username != null && c.Username.ToLower().Contains(term))
                || (c.UserId != null && c.UserId.ToLower().Contains(term))),
            (_, true) => contacts.Where(c => (c.DisplayName != null && c.DisplayName.ToLower().IndexOf(term) >= 0)
                || (c.ProfileName != null && c.ProfileName.ToLower().IndexOf(term) >= 0)
                || (c.Username != null && c.Username.ToLower().IndexOf(term) >= 0)
                || (c.UserId != null && c.UserId.ToLower().IndexOf(term) >= 0)
                || (c.WaId != null && c.WaId.IndexOf(digits) >= 0)),
            (_, false) => contacts.Where(c => (c.DisplayName != null && c.DisplayName.ToLower().IndexOf(term) >= 0)
                || (c.ProfileName != null && c.ProfileName.ToLower().IndexOf(term) >= 0)
                || (c.Username != null && c.Username.ToLower().IndexOf(term) >= 0)
                || (c.UserId != null && c.UserId.ToLower().IndexOf(term) >= 0)),
        };
#pragma warning restore CA2249
#pragma warning restore CA1862
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
