using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Infrastructure.Persistence.Search;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

/// <summary>
/// The search documents. Their text indexes are provider-specific and created by the migrations: <c>pg_trgm</c> GIN
/// indexes on PostgreSQL, an FTS5 trigram table kept by triggers on SQLite.
/// </summary>
internal sealed class ConversationSearchDocumentConfiguration : IEntityTypeConfiguration<ConversationSearchDocument>
{
    public void Configure(EntityTypeBuilder<ConversationSearchDocument> builder)
    {
        builder.ToTable("conversation_search_documents");
        builder.HasKey(d => d.ConversationId);
        builder.Property(d => d.ConversationId).ValueGeneratedNever();
        builder.Property(d => d.ContactText).HasMaxLength(ConversationSearchDocument.MaxContactTextLength).IsRequired();
        builder.Property(d => d.MessageText).HasMaxLength(ConversationSearchDocument.MaxMessageTextLength).IsRequired();
        builder.HasOne<Conversation>().WithOne().HasForeignKey<ConversationSearchDocument>(d => d.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The CLOSED counters per queue, maintained by triggers the migrations create.</summary>
internal sealed class ConversationClosedCountConfiguration : IEntityTypeConfiguration<ConversationClosedCount>
{
    public void Configure(EntityTypeBuilder<ConversationClosedCount> builder)
    {
        builder.ToTable("conversation_closed_counts");
        builder.HasKey(c => c.QueueKey);
        builder.Property(c => c.QueueKey).ValueGeneratedNever();
    }
}
