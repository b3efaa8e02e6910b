using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(c => c.ClosedReason).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.LastMessagePreview).HasMaxLength(Conversation.MaxPreviewLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsClosed);
        builder.OwnsOne(c => c.Referral, referral =>
        {
            ReferralColumns.Configure(referral);
            referral.HasIndex(r => new { r.SourceType, r.SourceId });
        });

        // One conversation per (connection, contact), reused across close and reopen cycles.
        builder.HasIndex(c => new { c.ConnectionId, c.ContactId }).IsUnique();
        builder.HasIndex(c => new { c.Status, c.UpdatedAt, c.Id });
        builder.HasIndex(c => new { c.QueueId, c.Status, c.UpdatedAt, c.Id });
        builder.HasIndex(c => new { c.AssigneeId, c.Status, c.UpdatedAt, c.Id });

        // One index per list shape in list order (docs/decisions/0019-desk-at-scale.md): all conversations, per queue,
        // per assignee and per connection; and a covering one for the counters of live work. Built without locking
        // writes on a live PostgreSQL.
        builder.HasIndex(c => new { c.UpdatedAt, c.Id }).IsCreatedConcurrently();
        builder.HasIndex(c => new { c.QueueId, c.UpdatedAt, c.Id }).IsCreatedConcurrently();
        builder.HasIndex(c => new { c.AssigneeId, c.UpdatedAt, c.Id }).IsCreatedConcurrently();
        builder.HasIndex(c => new { c.ConnectionId, c.UpdatedAt, c.Id }).IsCreatedConcurrently();
        builder.HasIndex(c => new { c.Status, c.QueueId, c.AssigneeId }).IsCreatedConcurrently();
        builder.HasOne<Connection>().WithMany().HasForeignKey(c => c.ConnectionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Queue>().WithMany().HasForeignKey(c => c.QueueId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.CampaignName).HasMaxLength(Domain.Campaigns.Campaign.MaxNameLength);

        // No foreign key to campaigns (they are never deleted): on SQLite adding one rebuilds the table and loses its triggers.
        builder.HasIndex(c => c.CampaignId).IsCreatedConcurrently();
    }
}

/// <summary>The columns of a <see cref="Referral"/> kept on a message or a conversation (<c>referral_*</c>).</summary>
internal static class ReferralColumns
{
    public static void Configure<TOwner>(OwnedNavigationBuilder<TOwner, Referral> referral)
        where TOwner : class
    {
        referral.Property(r => r.SourceType).HasMaxLength(Referral.MaxSourceTypeLength).IsRequired();
        referral.Property(r => r.SourceId).HasMaxLength(Referral.MaxSourceIdLength);
        referral.Property(r => r.SourceUrl).HasMaxLength(Referral.MaxUrlLength);
        referral.Property(r => r.Headline).HasMaxLength(Referral.MaxHeadlineLength);
        referral.Property(r => r.Body).HasMaxLength(Referral.MaxBodyLength);
        referral.Property(r => r.MediaType).HasMaxLength(Referral.MaxMediaTypeLength);
        referral.Property(r => r.MediaUrl).HasMaxLength(Referral.MaxUrlLength);
        referral.Property(r => r.ThumbnailUrl).HasMaxLength(Referral.MaxUrlLength);
        referral.Property(r => r.CtwaClid).HasMaxLength(Referral.MaxCtwaClidLength);
    }
}
