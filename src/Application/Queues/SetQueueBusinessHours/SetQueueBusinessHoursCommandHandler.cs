using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Queues.SetQueueBusinessHours;

internal sealed class SetQueueBusinessHoursCommandHandler(IApplicationDbContext db, ActorContext actor, AuditScope audit, TimeProvider clock)
    : ICommandHandler<SetQueueBusinessHoursCommand, Result<QueueBusinessHoursDto>>
{
    public async ValueTask<Result<QueueBusinessHoursDto>> Handle(SetQueueBusinessHoursCommand command, CancellationToken cancellationToken)
    {
        var queue = await db.Queues.SingleOrDefaultAsync(q => q.Id == command.Id && q.DeletedAt == null, cancellationToken);
        if (queue is null)
        {
            return QueueErrors.NotFound(command.Id);
        }

        var (weekly, holidays) = ToDomain(command) ?? throw new InvalidOperationException("The validator lets only readable hours through.");
        var now = clock.GetUtcNow();
        var change = queue.SetBusinessHours(BusinessHours.Create(command.TimeZone!, weekly, holidays, command.OutOfHoursReply?.Trim()), actor.Current.Id, now);
        db.QueueBusinessHoursChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        audit.SetNote($"change {change.Id}");
        return BusinessHoursMapper.ToDto(queue.Id, queue.BusinessHours, now);
    }

    /// <summary>The command's ranges in the domain's minutes, or null while any field is missing or unreadable.</summary>
    internal static (List<WeeklyRange> Weekly, List<Holiday> Holidays)? ToDomain(SetQueueBusinessHoursCommand command)
    {
        var weekly = new List<WeeklyRange>();
        foreach (var range in command.Weekly ?? [])
        {
            if (range?.Day is not { } day || Range(range.Start, range.End) is not { } minutes)
            {
                return null;
            }

            weekly.Add(new WeeklyRange((DayOfWeek)day, minutes));
        }

        var holidays = new List<Holiday>();
        foreach (var holiday in command.Holidays ?? [])
        {
            if (holiday?.Date is not { } date)
            {
                return null;
            }

            var hours = new List<DayRange>();
            foreach (var range in holiday.Hours ?? [])
            {
                if (range is null || Range(range.Start, range.End) is not { } minutes)
                {
                    return null;
                }

                hours.Add(minutes);
            }

            holidays.Add(new Holiday(date, string.IsNullOrWhiteSpace(holiday.Name) ? null : holiday.Name.Trim(), hours));
        }

        return (weekly, holidays);
    }

    private static DayRange? Range(string? start, string? end) =>
        BusinessHoursMapper.Minutes(start) is { } from && BusinessHoursMapper.Minutes(end) is { } to ? new DayRange(from, to) : null;
}
