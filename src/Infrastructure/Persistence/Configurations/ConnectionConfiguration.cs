using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> builder)
    {
        builder.ToTable("connections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(Connection.MaxNameLength).IsRequired();
        builder.Property(c => c.NormalizedName).HasMaxLength(Connection.MaxNameLength).IsRequired();
        builder.HasIndex(c => c.NormalizedName).IsUnique().HasFilter("deleted_at IS NULL");
        builder.Property(c => c.Provider).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(c => c.PhoneNumberId).HasMaxLength(Connection.MaxIdentifierLength).IsRequired();
        builder.HasIndex(c => c.PhoneNumberId).IsUnique().HasFilter("deleted_at IS NULL");
        builder.Property(c => c.WabaId).HasMaxLength(Connection.MaxIdentifierLength);
        builder.Property(c => c.DisplayNumber).HasMaxLength(16).IsRequired();
        builder.Property(c => c.MetaAppId).HasMaxLength(Connection.MaxMetaAppIdLength);
        builder.HasIndex(c => c.MetaAppId).HasFilter("meta_app_id IS NOT NULL");
        builder.Property(c => c.QualityEvent).HasMaxLength(Connection.MaxQualityValueLength);
        builder.Property(c => c.MessagingLimit).HasMaxLength(Connection.MaxQualityValueLength);
        builder.Property(c => c.AccessTokenProtected).IsRequired();
        builder.Property(c => c.AppSecretProtected).IsRequired();
        builder.Property(c => c.WebhookVerifyTokenProtected).IsRequired();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(24).IsRequired();
        builder.Property(c => c.StatusReason).HasMaxLength(Connection.MaxStatusReasonLength);
        builder.HasMany(c => c.Queues).WithOne().HasForeignKey(q => q.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Queues).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_queues");
    }
}

internal sealed class ConnectionQueueConfiguration : IEntityTypeConfiguration<ConnectionQueue>
{
    public void Configure(EntityTypeBuilder<ConnectionQueue> builder)
    {
        builder.ToTable("connection_queues");
        builder.HasKey(q => new { q.ConnectionId, q.QueueId });
        builder.HasIndex(q => q.QueueId);
        builder.HasOne<Queue>().WithMany().HasForeignKey(q => q.QueueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConnectionEventConfiguration : IEntityTypeConfiguration<ConnectionEvent>
{
    public void Configure(EntityTypeBuilder<ConnectionEvent> builder)
    {
        builder.ToTable("connection_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Field).HasMaxLength(ConnectionEvent.MaxFieldLength).IsRequired();
        builder.Property(e => e.Event).HasMaxLength(ConnectionEvent.MaxEventLength);
        builder.Property(e => e.Payload).IsRequired();
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(e => e.Note).HasMaxLength(ConnectionEvent.MaxNoteLength);
        builder.Property(e => e.DedupKey).HasMaxLength(64).IsRequired();

        // A redelivered notification is stored once.
        builder.HasIndex(e => new { e.ConnectionId, e.DedupKey }).IsUnique();
        builder.HasIndex(e => new { e.ConnectionId, e.ReceivedAt });
        builder.HasOne<Connection>().WithMany().HasForeignKey(e => e.ConnectionId).OnDelete(DeleteBehavior.Restrict);
    }
}
