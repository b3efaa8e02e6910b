using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("campaigns");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(Campaign.MaxNameLength).IsRequired();
        builder.Property(c => c.TemplateName).HasMaxLength(Domain.Templates.MessageTemplate.MaxNameLength).IsRequired();
        builder.Property(c => c.TemplateLanguage).HasMaxLength(Domain.Templates.MessageTemplate.MaxLanguageLength).IsRequired();
        builder.Property(c => c.Variables).IsRequired();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(c => c.StatusReason).HasMaxLength(Campaign.MaxStatusReasonLength);
        builder.Property(c => c.TimeZone).HasMaxLength(Campaign.MaxTimeZoneLength).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsFinished);
        builder.HasIndex(c => new { c.Status, c.CreatedAt });
        builder.HasOne<Queue>().WithMany().HasForeignKey(c => c.QueueId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Connections).WithOne().HasForeignKey(c => c.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Connections).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("_connections");
    }
}

internal sealed class CampaignConnectionConfiguration : IEntityTypeConfiguration<CampaignConnection>
{
    public void Configure(EntityTypeBuilder<CampaignConnection> builder)
    {
        builder.ToTable("campaign_connections");
        builder.HasKey(c => new { c.CampaignId, c.ConnectionId });
        builder.HasIndex(c => c.ConnectionId);
        builder.HasOne<Connection>().WithMany().HasForeignKey(c => c.ConnectionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CampaignRecipientConfiguration : IEntityTypeConfiguration<CampaignRecipient>
{
    public void Configure(EntityTypeBuilder<CampaignRecipient> builder)
    {
        builder.ToTable("campaign_recipients");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Phone).HasMaxLength(16);
        builder.Property(r => r.Input).HasMaxLength(CampaignRecipient.MaxInputLength).IsRequired();
        builder.Property(r => r.Fields).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(r => r.SkipReason).HasMaxLength(32);
        builder.Property(r => r.ErrorCode).HasMaxLength(CampaignRecipient.MaxErrorCodeLength);
        builder.Property(r => r.ErrorTitle).HasMaxLength(CampaignRecipient.MaxErrorTitleLength);

        // One row per number per campaign: the ledger's guarantee that nobody is messaged twice by one campaign.
        builder.HasIndex(r => new { r.CampaignId, r.Phone }).IsUnique().HasFilter("phone IS NOT NULL");

        // The dispatcher's claim order within a campaign (ADR 0022: the index ends in the lease column and the key).
        builder.HasIndex(r => new { r.CampaignId, r.Status, r.NextAttemptAt, r.Id });

        // The send result and the statuses of a message find its ledger row (messages are partitioned: no foreign key).
        builder.HasIndex(r => r.MessageId).HasFilter("message_id IS NOT NULL");

        // The daily cap counts a connection's messages of the campaign handed to the outbox in the last 24 hours.
        builder.HasIndex(r => new { r.CampaignId, r.ConnectionId, r.DispatchedAt }).HasFilter("dispatched_at IS NOT NULL");
        // The progress rate: rows of a campaign sent within the last minute.
        builder.HasIndex(r => new { r.CampaignId, r.SentAt }).HasFilter("sent_at IS NOT NULL");

        // The replies counted per campaign (its progress every second, the dashboards' campaign results): only the rows
        // that replied, a few percent of a ledger.
        builder.HasIndex(r => r.CampaignId).HasFilter("replied_at IS NOT NULL");

        // Replies: the campaign messages a number received lately, across campaigns.
        builder.HasIndex(r => new { r.Phone, r.SentAt }).HasFilter("sent_at IS NOT NULL");
        builder.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WhatsSuite.Domain.Contacts.Contact>().WithMany().HasForeignKey(r => r.ContactId).OnDelete(DeleteBehavior.SetNull);
    }
}
