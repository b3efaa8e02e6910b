using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Presence.ListPresence;

internal sealed class ListPresenceQueryHandler(IApplicationDbContext db, IPresence presence)
    : IQueryHandler<ListPresenceQuery, Result<IReadOnlyList<PresenceDto>>>
{
    public async ValueTask<Result<IReadOnlyList<PresenceDto>>> Handle(ListPresenceQuery query, CancellationToken cancellationToken)
    {
        var online = await presence.OnlineAsync(cancellationToken);
        var ids = online.Keys.ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.IsActive)
            .Select(u => new { u.Id, u.FullName, u.Role, u.Availability })
            .ToListAsync(cancellationToken);
        return users
            .Select(u => new PresenceDto(u.Id, u.FullName, u.Role, u.Availability, online[u.Id]))
            .OrderBy(p => p.FullName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.UserId)
            .ToList();
    }
}
