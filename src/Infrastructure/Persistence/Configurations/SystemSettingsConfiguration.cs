using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Settings;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

/// <summary>The desk's run-time settings: one row, created with its defaults by the migration.</summary>
internal sealed class SystemSettingsConfiguration : IEntityTypeConfiguration<SystemSettings>
{
    public void Configure(EntityTypeBuilder<SystemSettings> builder)
    {
        builder.ToTable("system_settings", t => t.HasCheckConstraint("ck_system_settings_single_row", $"id = {SystemSettings.SingletonId}"));
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasData(new
        {
            Id = SystemSettings.SingletonId,
            AutoAssignIntervalMinutes = SystemSettings.DefaultAutoAssignIntervalMinutes,
            InactivityWarnMinutes = 0,
            InactivityCloseMinutes = 0,
            UpdatedAt = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero),
            Version = 0,
        });
    }
}
