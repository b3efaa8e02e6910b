using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Presence;

namespace WhatsSuite.Application.Presence.RecordPresence;

internal sealed class RecordPresenceCommandHandler(IApplicationDbContext db, AuditScope audit, TimeProvider clock)
    : ICommandHandler<RecordPresenceCommand, Result<PresenceRecorded>>
{
    public async ValueTask<Result<PresenceRecorded>> Handle(RecordPresenceCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var previous = await db.PresenceIntervals.MaxAsync(i => (DateTimeOffset?)i.EndedAt, cancellationToken);
        if (previous >= now)
        {
            // Another run already recorded this instant (or a later one).
            return new PresenceRecorded(0, 0);
        }

        var ids = command.OnlineUserIds.Distinct().ToList();
        var online = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.IsActive)
            .Select(u => new { u.Id, u.Availability })
            .ToListAsync(cancellationToken);
        var continued = previous is { } last && now - last <= RecordPresenceCommand.MaxGap;
        var current = continued
            ? (await db.PresenceIntervals.Where(i => i.EndedAt == previous).ToListAsync(cancellationToken))
                .GroupBy(i => (i.UserId, i.Availability))
                .ToDictionary(g => g.Key, g => g.MaxBy(i => i.StartedAt)!)
            : [];

        int extended = 0, started = 0;
        foreach (var user in online)
        {
            if (current.TryGetValue((user.Id, user.Availability), out var interval) && interval.Extend(now))
            {
                extended++;
            }
            else
            {
                db.PresenceIntervals.Add(PresenceInterval.Start(user.Id, user.Availability, continued ? previous!.Value : now, now));
                started++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            // Two runs at once (the job's lock was lost) started the same stretch: this one rolls back.
            return PresenceErrors.ConcurrentRun;
        }

        audit.SetNote(string.Create(CultureInfo.InvariantCulture, $"{online.Count} online: {extended} extended, {started} started"));
        return new PresenceRecorded(extended, started);
    }
}
