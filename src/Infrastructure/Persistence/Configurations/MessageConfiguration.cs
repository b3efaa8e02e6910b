using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Media;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Direction).HasConversion<string>().HasMaxLength(8).IsRequired();
        builder.Property(m => m.Wamid).HasMaxLength(Message.MaxWamidLength);
        builder.Property(m => m.Type).HasMaxLength(32).IsRequired();
        builder.Property(m => m.Text).HasMaxLength(Message.MaxTextLength);
        builder.Property(m => m.Content).IsRequired();
        builder.Property(m => m.ReplyToWamid).HasMaxLength(Message.MaxWamidLength);
        builder.Property(m => m.MediaId).HasMaxLength(256);
        builder.Property(m => m.MediaMimeType).HasMaxLength(128);
        builder.Property(m => m.MediaSha256).HasMaxLength(128);
        builder.Property(m => m.MediaFileName).HasMaxLength(256);
        builder.Property(m => m.MediaStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.MediaError).HasMaxLength(Message.MaxMediaErrorLength);
        builder.HasOne<MediaObject>().WithMany().HasForeignKey(m => m.MediaObjectId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.MediaObjectId).HasFilter("media_object_id IS NOT NULL");

        // The media download claim and the stranded-media sweep read pending media in due order.
        builder.HasIndex(m => new { m.MediaNextAttemptAt, m.Id }, "ix_messages_media_pending_due").HasFilter("media_status = 'Pending'");
        // A save writes a message's status only if it is still the one read: statuses only move forwards
        // (MessageStatusOrder), and a worker that moved the message meanwhile makes the other one's save conflict and run
        // again instead of moving it back.
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16).IsRequired().IsConcurrencyToken();
        builder.Property(m => m.ErrorCode).HasMaxLength(32);
        builder.Property(m => m.ErrorTitle).HasMaxLength(Message.MaxErrorTitleLength);
        builder.OwnsOne(m => m.Referral, ReferralColumns.Configure);

        // A replayed webhook never stores a message twice.
        builder.HasIndex(m => new { m.ConnectionId, m.Wamid }).IsUnique().HasFilter("wamid IS NOT NULL");
        builder.HasIndex(m => new { m.ConversationId, m.SentAt, m.Id });
        // The outbox claim takes due messages in (next_attempt_at, id) order: an index in exactly that order lets it read
        // only the rows it takes, also when a campaign batch queued thousands at one instant (ADR 0064).
        builder.HasIndex(m => new { m.NextAttemptAt, m.Id }).HasFilter("next_attempt_at IS NOT NULL");
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.SenderUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MessageStatusEventConfiguration : IEntityTypeConfiguration<MessageStatusEvent>
{
    public void Configure(EntityTypeBuilder<MessageStatusEvent> builder)
    {
        builder.ToTable("message_status_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Wamid).HasMaxLength(Message.MaxWamidLength).IsRequired();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(e => e.RecipientId).HasMaxLength(64);
        builder.Property(e => e.ErrorCode).HasMaxLength(32);
        builder.Property(e => e.ErrorTitle).HasMaxLength(Message.MaxErrorTitleLength);
        builder.HasIndex(e => new { e.Wamid, e.Status }).IsUnique();
    }
}
