using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Settings;

namespace WhatsSuite.Application.Settings;

/// <summary>Reads the one settings row (created with the database, so it is always there).</summary>
public static class SettingsReader
{
    public static Task<SystemSettings> ReadAsync(IApplicationDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SystemSettings.AsNoTracking().SingleAsync(s => s.Id == SystemSettings.SingletonId, cancellationToken);
    }

    public static SystemSettingsDto ToDto(SystemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SystemSettingsDto(settings.AutoAssignIntervalMinutes, settings.InactivityWarnMinutes, settings.InactivityCloseMinutes, settings.UpdatedAt);
    }
}
