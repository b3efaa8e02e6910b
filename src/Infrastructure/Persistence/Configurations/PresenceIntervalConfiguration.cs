using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Presence;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

/// <summary>
/// Presence stretches, read by their end: the presence job finds the stretches its previous run extended (those ending at
/// the latest end), and the dashboards those ending after a period's start. One stretch per user, start and availability:
/// two runs racing to start the same stretch cannot both commit.
/// </summary>
internal sealed class PresenceIntervalConfiguration : IEntityTypeConfiguration<PresenceInterval>
{
    public void Configure(EntityTypeBuilder<PresenceInterval> builder)
    {
        builder.ToTable("presence_intervals");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Availability).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.HasIndex(i => i.EndedAt);
        builder.HasIndex(i => new { i.UserId, i.StartedAt, i.Availability }).IsUnique();
    }
}
