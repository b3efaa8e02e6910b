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
/// from which contacts each queue has conversations with; a searched list counts its matches.
/// </summary>
internal sealed class ListContactsQueryHandler(IApplicationDbContext db, ContactAccess access, ConversationAccess conversations, IContactCounters counters)
    : IQueryHandler<ListContactsQuery, Result<PagedList<ContactDto>>>
{
    /// <summary>
    /// The SQL comment of the list's statements. Its page is read in the order of the contacts' list index
    /// (<c>ix_contacts_list_order</c>, ADR 0053), whose expression is this query's <c>ORDER BY</c>.
    /// </summary>
    public const string ListTag = "contacts.list";

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

        var searched = !string.IsNullOrWhiteSpace(query.Q);
        if (searched)
        {
            var term = query.Q!.Trim().ToLowerInvariant();

            // The number is searched by the term's digits when it has enough of them to be looked up (ADR 0058): "ana 1"
            // is a name, not every number with a 1 in it. The two shapes are two statements: with the number's arm
            // switched off by a parameter instead, a prepared statement's plan for any parameters would still read the
            // number's whole trigram index for the pattern '%'.
            var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both providers; the StringComparison overload does not.
            contacts = digits.Length >= ConversationSearchText.MinTermLength
                ? contacts.Where(c => (c.DisplayName != null && c.DisplayName.ToLower().Contains(term))
                    || (c.ProfileName != null && c.ProfileName.ToLower().Contains(term))
                    || (c.Username != null && c.Username.ToLower().Contains(term))
                    || (c.UserId != null && c.UserId.ToLower().Contains(term))
                    || (c.WaId != null && c.WaId.Contains(digits)))
                : contacts.Where(c => (c.DisplayName != null && c.DisplayName.ToLower().Contains(term))
                    || (c.ProfileName != null && c.ProfileName.ToLower().Contains(term))
                    || (c.Username != null && c.Username.ToLower().Contains(term))
                    || (c.UserId != null && c.UserId.ToLower().Contains(term)));
#pragma warning restore CA1862
        }

        var total = searched ? await contacts.CountAsync(cancellationToken) : await UnsearchedTotalAsync(query, contacts, cancellationToken);
        var items = await contacts
            .OrderBy(c => (c.DisplayName ?? c.ProfileName ?? c.Username ?? c.WaId ?? c.UserId)!.ToLower()).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(ContactDto.Projection)
            .ToListAsync(cancellationToken);
        return new PagedList<ContactDto>(items, query.Page, query.PageSize, total);
    }

    private async Task<int> UnsearchedTotalAsync(ListContactsQuery query, IQueryable<Contact> visible, CancellationToken cancellationToken)
    {
        if (access.SeesEveryContact)
        {
            return await counters.CountAsync(query.OptedOut, query.MarketingOptedOut, cancellationToken);
        }

        var scope = await conversations.ScopeAsync(cancellationToken);
        return scope.Role == Role.SUPERVISOR
            ? await counters.InQueuesAsync(scope.QueueIds, query.OptedOut, query.MarketingOptedOut, cancellationToken)
            : await visible.CountAsync(cancellationToken);
    }
}
