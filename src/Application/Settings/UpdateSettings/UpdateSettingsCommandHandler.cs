using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Settings;

namespace WhatsSuite.Application.Settings.UpdateSettings;

internal sealed class UpdateSettingsCommandHandler(
    IApplicationDbContext db, AuditScope audit, AfterCommit afterCommit, IJobSchedules schedules, TimeProvider clock)
    : ICommandHandler<UpdateSettingsCommand, Result<SystemSettingsDto>>
{
    public async ValueTask<Result<SystemSettingsDto>> Handle(UpdateSettingsCommand command, CancellationToken cancellationToken)
    {
        var settings = await db.SystemSettings.SingleAsync(s => s.Id == SystemSettings.SingletonId, cancellationToken);
        var now = clock.GetUtcNow();
        var changes = new List<string>();
        if (command.AutoAssignIntervalMinutes!.Value != settings.AutoAssignIntervalMinutes)
        {
            changes.Add(Change("autoAssignIntervalMinutes", settings.AutoAssignIntervalMinutes, command.AutoAssignIntervalMinutes.Value));
            settings.SetAutoAssignInterval(command.AutoAssignIntervalMinutes.Value, now);
        }

        var (warn, close) = (command.InactivityWarnMinutes!.Value, command.InactivityCloseMinutes!.Value);
        if (warn != settings.InactivityWarnMinutes || close != settings.InactivityCloseMinutes)
        {
            if (warn != settings.InactivityWarnMinutes)
            {
                changes.Add(Change("inactivityWarnMinutes", settings.InactivityWarnMinutes, warn));
            }

            if (close != settings.InactivityCloseMinutes)
            {
                changes.Add(Change("inactivityCloseMinutes", settings.InactivityCloseMinutes, close));
            }

            settings.SetInactivity(warn, close, now);
        }

        if (changes.Count == 0)
        {
            audit.SetNote("unchanged");
            return SettingsReader.ToDto(settings);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SettingsErrors.Changed;
        }

        // The audit row's reason holds each change, old and new value ("autoAssignIntervalMinutes 1->5; ...").
        audit.SetNote(string.Join("; ", changes));
        var saved = SettingsReader.ToDto(settings);
        afterCommit.Add(() => schedules.Apply(saved));
        return saved;
    }

    private static string Change(string name, object? before, object? after) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {before ?? "null"}->{after ?? "null"}");
}
