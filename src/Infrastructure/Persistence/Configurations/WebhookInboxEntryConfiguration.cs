using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class WebhookInboxEntryConfiguration : IEntityTypeConfiguration<WebhookInboxEntry>
{
    public void Configure(EntityTypeBuilder<WebhookInboxEntry> builder)
    {
        builder.ToTable("webhook_inbox");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Body).IsRequired();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(e => e.LastError).HasMaxLength(WebhookInboxEntry.MaxErrorLength);
        builder.Property(e => e.AppId).HasMaxLength(Connection.MaxMetaAppIdLength);
        // Due entries in the claim's exact order (lease, then id): a claim reads only the entries it takes (ADR 0022).
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt, e.Id });
        builder.HasIndex(e => e.ParentId).HasFilter("parent_id IS NOT NULL");
    }
}
