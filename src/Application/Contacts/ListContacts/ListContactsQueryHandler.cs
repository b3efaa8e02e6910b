using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Contacts.ListContacts;

internal sealed class ListContactsQueryHandler(IApplicationDbContext db, ContactAccess access) : IQueryHandler<ListContactsQuery, Result<PagedList<ContactDto>>>
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

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var term = query.Q.Trim().ToLowerInvariant();
            var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both providers; the StringComparison overload does not.
            contacts = contacts.Where(c => (c.DisplayName != null && c.DisplayName.ToLower().Contains(term))
                || (c.ProfileName != null && c.ProfileName.ToLower().Contains(term))
                || (c.Username != null && c.Username.ToLower().Contains(term))
                || (c.UserId != null && c.UserId.ToLower().Contains(term))
                || (digits.Length > 0 && c.WaId != null && c.WaId.Contains(digits)));
#pragma warning restore CA1862
        }

        var total = await contacts.CountAsync(cancellationToken);
        var items = await contacts
            .OrderBy(c => (c.DisplayName ?? c.ProfileName ?? c.Username ?? c.WaId ?? c.UserId)!.ToLower()).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(ContactDto.Projection)
            .ToListAsync(cancellationToken);
        return new PagedList<ContactDto>(items, query.Page, query.PageSize, total);
    }
}
