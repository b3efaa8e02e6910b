using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Dashboards;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

/// <summary>
/// Message totals of one grain (<see cref="MessageCountTotal"/>): keyed by bucket first, read by range of buckets, alone
/// or for some queues.
/// </summary>
internal abstract class MessageCountTotalConfiguration<TTotal>(string table) : IEntityTypeConfiguration<TTotal>
    where TTotal : MessageCountTotal
{
    public void Configure(EntityTypeBuilder<TTotal> builder)
    {
        builder.ToTable(table);
        builder.HasKey(r => new { r.BucketStart, r.QueueId, r.ConnectionId, r.AgentId, r.Direction, r.Type });
        builder.Property(r => r.Type).HasMaxLength(32).IsRequired();
        builder.HasIndex(r => new { r.QueueId, r.BucketStart });
        builder.Ignore(r => r.Key);
    }
}

/// <summary>The message totals per 15-minute bucket.</summary>
internal sealed class MessageCountRollupConfiguration() : MessageCountTotalConfiguration<MessageCountRollup>("dashboard_message_counts");

/// <summary>The message totals per UTC day.</summary>
internal sealed class DailyMessageCountRollupConfiguration() : MessageCountTotalConfiguration<DailyMessageCountRollup>("dashboard_daily_message_counts");

/// <summary>Each conversation's share of the totals, read and rewritten by conversation.</summary>
internal sealed class ConversationMessageCountConfiguration : IEntityTypeConfiguration<ConversationMessageCount>
{
    public void Configure(EntityTypeBuilder<ConversationMessageCount> builder)
    {
        builder.ToTable("dashboard_conversation_message_counts");
        builder.HasKey(r => new { r.ConversationId, r.BucketStart, r.AgentId, r.Direction, r.Type });
        builder.Property(r => r.Type).HasMaxLength(32).IsRequired();
        builder.Ignore(r => r.Key);
    }
}

/// <summary>Response episodes, read by queue or by responder over a range of start times.</summary>
internal sealed class ResponseEpisodeConfiguration : IEntityTypeConfiguration<ResponseEpisode>
{
    public void Configure(EntityTypeBuilder<ResponseEpisode> builder)
    {
        builder.ToTable("dashboard_response_episodes");
        builder.HasKey(e => new { e.ConversationId, e.StartedAt });

        // The period's episodes are read from ix_dashboard_response_episodes_period, (started_at) with the columns the
        // dashboards group by, so the read never visits the table; created by the ResponseEpisodesPeriodIndex migration
        // (PostgreSQL's INCLUDE is not part of the model both providers share; ADR 0054). Those of one queue are read
        // from ix_dashboard_response_episodes_queue_period, (queue_id, started_at) with their length, and those of one
        // responder from ix_dashboard_response_episodes_responder_period, (responder_id, started_at) with their queue
        // and length; both created by the EpisodesPerKeyIndexes migration (ADR 0056).
    }
}

/// <summary>Closings, read by queue or by agent over a range of closing times.</summary>
internal sealed class ConversationResolutionConfiguration : IEntityTypeConfiguration<ConversationResolution>
{
    public void Configure(EntityTypeBuilder<ConversationResolution> builder)
    {
        builder.ToTable("dashboard_resolutions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.QueueId, r.ClosedAt });
        builder.HasIndex(r => new { r.AgentId, r.ClosedAt });
        builder.HasIndex(r => new { r.ConversationId, r.ClosedAt });

        // The period's closings are read from ix_dashboard_resolutions_period, (closed_at) with the columns the
        // dashboards' statistics group and order by, so the read never visits the table; created by the
        // ResolutionsPeriodIndex migration (PostgreSQL's INCLUDE is not part of the model both providers share; ADR 0056).
    }
}

internal sealed class DashboardRollupStateConfiguration : IEntityTypeConfiguration<DashboardRollupState>
{
    public void Configure(EntityTypeBuilder<DashboardRollupState> builder)
    {
        builder.ToTable("dashboard_rollup_state");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasData(new { Id = DashboardRollupState.SingletonId, Watermark = DateTimeOffset.UnixEpoch, Version = 0L, UpdatedAt = DateTimeOffset.UnixEpoch });
    }
}

internal sealed class RemovedConversationConfiguration : IEntityTypeConfiguration<RemovedConversation>
{
    public void Configure(EntityTypeBuilder<RemovedConversation> builder)
    {
        builder.ToTable("dashboard_removed_conversations");
        builder.HasKey(r => r.ConversationId);
        builder.Property(r => r.ConversationId).ValueGeneratedNever();
    }
}

/// <summary>Which state of each conversation the rollups last recounted, under which queue and number, up to which bucket.</summary>
internal sealed class RecountedConversationConfiguration : IEntityTypeConfiguration<RecountedConversation>
{
    public void Configure(EntityTypeBuilder<RecountedConversation> builder)
    {
        builder.ToTable("dashboard_recounted_conversations");
        builder.HasKey(r => r.ConversationId);
        builder.Property(r => r.ConversationId).ValueGeneratedNever();
    }
}
