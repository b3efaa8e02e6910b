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
