using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class QueueConfiguration : IEntityTypeConfiguration<Queue>
{
    public void Configure(EntityTypeBuilder<Queue> builder)
    {
        builder.ToTable("queues");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.Name).HasMaxLength(Queue.MaxNameLength).IsRequired();
        builder.Property(q => q.NormalizedName).HasMaxLength(Queue.MaxNameLength).IsRequired();
        builder.HasIndex(q => q.NormalizedName).IsUnique().HasFilter("deleted_at IS NULL");
        builder.Property(q => q.Description).HasMaxLength(Queue.MaxDescriptionLength);
        builder.Property(q => q.Strategy).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(q => q.FirstResponseTargetSeconds).HasDefaultValue(Queue.DefaultFirstResponseTargetSeconds);
        builder.Property(q => q.BusinessHours).HasConversion(BusinessHoursJson.Converter, BusinessHoursJson.Comparer);
        builder.HasMany(q => q.Members).WithOne().HasForeignKey(m => m.QueueId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(q => q.Members).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_members");
    }
}

internal sealed class QueueBusinessHoursChangeConfiguration : IEntityTypeConfiguration<QueueBusinessHoursChange>
{
    public void Configure(EntityTypeBuilder<QueueBusinessHoursChange> builder)
    {
        builder.ToTable("queue_business_hours_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.ActorId).HasMaxLength(QueueBusinessHoursChange.MaxActorIdLength).IsRequired();
        builder.Property(c => c.OldHours).HasConversion(BusinessHoursJson.Converter, BusinessHoursJson.Comparer);
        builder.Property(c => c.NewHours).HasConversion(BusinessHoursJson.Converter, BusinessHoursJson.Comparer);
        builder.HasIndex(c => new { c.QueueId, c.ChangedAt });
        builder.HasOne<Queue>().WithMany().HasForeignKey(c => c.QueueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QueueMemberConfiguration : IEntityTypeConfiguration<QueueMember>
{
    public void Configure(EntityTypeBuilder<QueueMember> builder)
    {
        builder.ToTable("queue_members");
        builder.HasKey(m => new { m.QueueId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
