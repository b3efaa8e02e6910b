using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Exports;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

/// <summary>Background conversation exports (ADR 0042): listed per requester, newest first; expired by their expiry time.</summary>
internal sealed class ConversationExportFileConfiguration : IEntityTypeConfiguration<ConversationExportFile>
{
    public void Configure(EntityTypeBuilder<ConversationExportFile> builder)
    {
        builder.ToTable("conversation_exports");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Format).HasMaxLength(ConversationExportFile.MaxFormatLength).IsRequired();
        builder.Property(e => e.Phone).HasMaxLength(ConversationExportFile.MaxPhoneLength);
        builder.Property(e => e.ConversationStatus).HasMaxLength(ConversationExportFile.MaxConversationStatusLength);
        builder.Property(e => e.TimeZone).HasMaxLength(ConversationExportFile.MaxTimeZoneLength);
        builder.Property(e => e.Origin).HasMaxLength(ConversationExportFile.MaxOriginLength).IsRequired();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(e => e.FileName).HasMaxLength(ConversationExportFile.MaxFileNameLength);
        builder.Property(e => e.Sha256).HasMaxLength(ConversationExportFile.Sha256HexLength);
        builder.Property(e => e.FailureReason).HasMaxLength(ConversationExportFile.MaxFailureReasonLength);
        builder.Ignore(e => e.IsPending);
        builder.HasIndex(e => new { e.RequestedBy, e.CreatedAt });
        builder.HasIndex(e => new { e.Status, e.ExpiresAt });
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.RequestedBy).OnDelete(DeleteBehavior.Cascade);
    }
}
