using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Queues.SetQueueBusinessHours;

internal sealed class SetQueueBusinessHoursCommandHandler(IApplicationDbContext db, ActorContext actor, AuditScope audit, OutOfHoursTemplates templates, TimeProvider clock)
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
        OutOfHoursTemplate? template = null;
        if (command.OutOfHoursTemplate is { } input)
        {
            template = new OutOfHoursTemplate(input.Name!.Trim(), input.Language!.Trim(), new Dictionary<string, string>(input.Variables ?? new Dictionary<string, string>(), StringComparer.Ordinal));
            var usable = await CheckTemplateAsync(queue.Id, template, cancellationToken);
            if (usable is not null)
            {
                return usable;
            }
        }

        var now = clock.GetUtcNow();
        var change = queue.SetBusinessHours(BusinessHours.Create(command.TimeZone!, weekly, holidays, command.OutOfHoursReply?.Trim(), template), actor.Current.Id, now);
        db.QueueBusinessHoursChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        audit.SetNote($"change {change.Id}");
        return BusinessHoursMapper.ToDto(queue.Id, queue.BusinessHours, now);
    }

    /// <summary>
    /// Null when the template can be sent on every live connection of the queue (known there, APPROVED, its variables
    /// exactly mapped and each of its slot's type), else the first refusal, as a template send would answer it.
    /// </summary>
    private async Task<Error?> CheckTemplateAsync(Guid queueId, OutOfHoursTemplate template, CancellationToken cancellationToken)
    {
        var connections = await db.Connections.AsNoTracking()
            .Where(c => c.DeletedAt == null && c.Queues.Any(q => q.QueueId == queueId))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        if (connections.Count == 0)
        {
            return QueueErrors.OutOfHoursTemplateWithoutConnection;
        }

        foreach (var connectionId in connections)
        {
            var built = await templates.BuildAsync(connectionId, template, OutOfHoursTemplates.SampleContactName, cancellationToken);
            if (!built.IsSuccess)
            {
                return built.Error;
            }
        }

        return null;
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
