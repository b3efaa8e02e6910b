using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Presence;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

/// <summary>
/// Presence stretches, read by their end: the presence job finds the stretches its previous run extended (those ending at
/// the latest end), and the dashboards those ending after a period's start. One stretch per user, start and availability:
/// two runs racing to start the same stretch cannot both commit.
/// </summary>
/// <remarks>
/// The end index is <c>ix_presence_intervals_period</c>, (ended_at) with the stretch's start, user and availability, so
/// the dashboards' sum never visits the table; created by the PresenceIntervals migration (PostgreSQL's INCLUDE is not
/// part of the model both providers share; ADR 0054).
/// </remarks>
internal sealed class PresenceIntervalConfiguration : IEntityTypeConfiguration<PresenceInterval>
{
    public void Configure(EntityTypeBuilder<PresenceInterval> builder)
    {
        builder.ToTable("presence_intervals");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Availability).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.HasIndex(i => new { i.UserId, i.StartedAt, i.Availability }).IsUnique();
    }
}

/// <summary>The presence job's one state row, created by its migration; its version is the concurrency token.</summary>
internal sealed class PresenceRecordingStateConfiguration : IEntityTypeConfiguration<PresenceRecordingState>
{
    public void Configure(EntityTypeBuilder<PresenceRecordingState> builder)
    {
        builder.ToTable("presence_recording_state");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasData(new { Id = PresenceRecordingState.SingletonId, Version = 0L });
    }
}
