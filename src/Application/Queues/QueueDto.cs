using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues;

/// <summary>
/// A queue with its members and the connections whose conversations go to it, whether it is open now by its business
/// hours (always, without them) and, when closed, when it opens next.
/// </summary>
public sealed record QueueDto(
    Guid Id,
    string Name,
    string? Description,
    AssignmentStrategy Strategy,
    int AgentCapacity,
    IReadOnlyList<QueueMemberDto> Members,
    IReadOnlyList<QueueConnectionDto> Connections,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool IsOpen,
    DateTimeOffset? NextOpenAt);

public sealed record QueueMemberDto(Guid UserId, string FullName, Role Role, bool IsActive, DateTimeOffset AddedAt);

/// <summary>A connection linked to the queue.</summary>
public sealed record QueueConnectionDto(Guid Id, string Name);

/// <summary>Reads queues as DTOs: the queues with their memberships, then the member users and the linked connections.</summary>
internal static class QueueReader
{
    public static async Task<QueueDto?> ReadAsync(IApplicationDbContext db, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await ReadManyAsync(db, db.Queues.Where(q => q.Id == id && q.DeletedAt == null), now, cancellationToken)).SingleOrDefault();

    public static async Task<List<QueueDto>> ReadManyAsync(IApplicationDbContext db, IQueryable<Queue> queues, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var loaded = await queues.AsNoTracking().Include(q => q.Members).ToListAsync(cancellationToken);
        var userIds = loaded.SelectMany(q => q.Members).Select(m => m.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.FullName, u.Role, u.IsActive })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var queueIds = loaded.Select(q => q.Id).ToList();
        var links = await db.Connections.AsNoTracking()
            .Where(c => c.DeletedAt == null)
            .SelectMany(c => c.Queues, (c, l) => new { l.QueueId, c.Id, c.Name })
            .Where(l => queueIds.Contains(l.QueueId))
            .ToListAsync(cancellationToken);
        var connections = links.ToLookup(l => l.QueueId, l => new QueueConnectionDto(l.Id, l.Name));
        return loaded.Select(q => new QueueDto(
            q.Id,
            q.Name,
            q.Description,
            q.Strategy,
            q.AgentCapacity,
            q.Members
                .Where(m => users.ContainsKey(m.UserId))
                .Select(m => users[m.UserId] is var u ? new QueueMemberDto(u.Id, u.FullName, u.Role, u.IsActive, m.AddedAt) : null!)
                .OrderBy(m => m.FullName, StringComparer.Ordinal)
                .ToList(),
            connections[q.Id].OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
            q.CreatedAt,
            q.UpdatedAt,
            q.IsOpenAt(now),
            q.BusinessHours?.NextOpenAt(now))).ToList();
    }
}
