using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Presence;

namespace WhatsSuite.Application.Presence.RecordPresence;

internal sealed partial class RecordPresenceCommandHandler(IApplicationDbContext db, AuditScope audit, TimeProvider clock, ILogger<RecordPresenceCommandHandler> logger)
    : ICommandHandler<RecordPresenceCommand, Result<PresenceRecorded>>
{
    public async ValueTask<Result<PresenceRecorded>> Handle(RecordPresenceCommand command, CancellationToken cancellationToken)
    {
        // The instant is taken after the state is read: a run that committed in between is then behind this one on the
        // same clock (or it changed the version, and this run rolls back), never ahead of it.
        var state = await db.PresenceRecordingStates.SingleAsync(s => s.Id == PresenceRecordingState.SingletonId, cancellationToken);
        var now = clock.GetUtcNow();
        var previous = state.LastRunAt;
        if (previous == now)
        {
            // Another run recorded this very instant.
            return new PresenceRecorded(0, 0);
        }

        if (previous > now)
        {
            // The last run's clock was ahead of this one's (instances' clocks differ): nothing is continued, so no stretch
            // runs backwards, and recording goes on from this run rather than waiting for the other clock.
            LogClockBehind(logger, previous.Value, now);
        }

        var ids = command.OnlineUserIds.Distinct().ToList();
        var online = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.IsActive)
            .Select(u => new { u.Id, u.Availability })
            .ToListAsync(cancellationToken);
        var continued = previous is { } last && now > last && now - last <= RecordPresenceCommand.MaxGap;
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

        state.Record(now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DbUpdateConcurrencyException or UniqueConstraintViolationException)
        {
            // Two runs at once (the job's lock was lost): the state row's version lets one commit; this one rolls back.
            return PresenceErrors.ConcurrentRun;
        }

        audit.SetNote(string.Create(CultureInfo.InvariantCulture, $"{online.Count} online: {extended} extended, {started} started"));
        return new PresenceRecorded(extended, started);
    }

    [LoggerMessage(EventId = LogEvents.PresenceClockBehind, Level = LogLevel.Warning, Message = "The presence job's last run is dated {Previous:O}, after this run's {Now:O}: the instances' clocks differ; recording continues from this run")]
    private static partial void LogClockBehind(ILogger logger, DateTimeOffset previous, DateTimeOffset now);
}
