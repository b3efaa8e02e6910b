using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Archives;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class HistoryArchiveConfiguration : IEntityTypeConfiguration<HistoryArchive>
{
    public void Configure(EntityTypeBuilder<HistoryArchive> builder)
    {
        builder.ToTable("history_archives");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.TableName).HasMaxLength(HistoryArchive.MaxTableNameLength).IsRequired();
        builder.Property(a => a.FileName).HasMaxLength(HistoryArchive.MaxFileNameLength).IsRequired();
        builder.Property(a => a.Sha256).HasMaxLength(HistoryArchive.Sha256HexLength).IsRequired();
        builder.Property(a => a.LastHash).HasMaxLength(HistoryArchive.Sha256HexLength);

        // Usually one archive per table and month; rows that arrived late for an archived month make a second one.
        // The audit anchor is the archive of the trail with the highest sequence.
        builder.HasIndex(a => new { a.TableName, a.PeriodStart });
        builder.HasIndex(a => a.FileName).IsUnique();
    }
}

internal sealed class ArchivedConversationConfiguration : IEntityTypeConfiguration<ArchivedConversation>
{
    public void Configure(EntityTypeBuilder<ArchivedConversation> builder)
    {
        builder.ToTable("archived_conversations");
        builder.HasKey(c => new { c.ArchiveId, c.ConversationId });
        builder.HasIndex(c => c.ConversationId);
        builder.HasOne<HistoryArchive>().WithMany().HasForeignKey(c => c.ArchiveId).OnDelete(DeleteBehavior.Cascade);
    }
}
