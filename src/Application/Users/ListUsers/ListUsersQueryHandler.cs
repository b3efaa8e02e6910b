using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Users.ListUsers;

internal sealed class ListUsersQueryHandler(IApplicationDbContext db) : IQueryHandler<ListUsersQuery, Result<PagedList<UserDto>>>
{
    public async ValueTask<Result<PagedList<UserDto>>> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (query.Role is { } role)
        {
            users = users.Where(u => u.Role == role);
        }

        if (query.IsActive is { } active)
        {
            users = users.Where(u => u.IsActive == active);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower().Contains translates to SQL on both providers; the StringComparison overload does not.
            users = users.Where(u => u.NormalizedEmail.Contains(term) || u.FullName.ToLower().Contains(term));
#pragma warning restore CA1862
        }

        var total = await users.CountAsync(cancellationToken);
        var items = await users
            .OrderBy(u => u.FullName).ThenBy(u => u.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ProjectToDto()
            .ToListAsync(cancellationToken);
        return new PagedList<UserDto>(items, query.Page, query.PageSize, total);
    }
}
