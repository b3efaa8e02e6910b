using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.QuickReplies;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

/// <summary>Quick replies: a shortcut is unique per queue (team replies) and per owner (personal ones).</summary>
internal sealed class QuickReplyConfiguration : IEntityTypeConfiguration<QuickReply>
{
    public void Configure(EntityTypeBuilder<QuickReply> builder)
    {
        builder.ToTable("quick_replies");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Shortcut).HasMaxLength(QuickReply.MaxShortcutLength).IsRequired();
        builder.Property(r => r.Title).HasMaxLength(QuickReply.MaxTitleLength).IsRequired();
        builder.Property(r => r.Text).HasMaxLength(QuickReply.MaxTextLength).IsRequired();
        builder.HasIndex(r => new { r.QueueId, r.Shortcut }).IsUnique().HasFilter("queue_id IS NOT NULL");
        builder.HasIndex(r => new { r.OwnerId, r.Shortcut }).IsUnique().HasFilter("owner_id IS NOT NULL");
        builder.HasOne<Queue>().WithMany().HasForeignKey(r => r.QueueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(r => r.IsPersonal);
    }
}
