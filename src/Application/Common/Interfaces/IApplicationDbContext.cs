using Microsoft.EntityFrameworkCore;
using WhatsSuite.Domain.ApiKeys;
using WhatsSuite.Domain.Archives;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Exports;
using WhatsSuite.Domain.Media;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Presence;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.QuickReplies;
using WhatsSuite.Domain.Sessions;
using WhatsSuite.Domain.Settings;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Domain.Users;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>The persistence port: the aggregates' sets. The provider (PostgreSQL or SQLite) stays in Infrastructure.</summary>
public interface IApplicationDbContext
{
    DbSet<User> Users { get; }

    DbSet<UserSession> UserSessions { get; }

    DbSet<RefreshToken> RefreshTokens { get; }

    DbSet<ApiKey> ApiKeys { get; }

    DbSet<Queue> Queues { get; }

    /// <summary>Each change of a queue's business hours, with the hours before and after it.</summary>
    DbSet<QueueBusinessHoursChange> QueueBusinessHoursChanges { get; }

    DbSet<AuditLog> AuditLogs { get; }

    DbSet<Connection> Connections { get; }

    DbSet<ConnectionEvent> ConnectionEvents { get; }

    DbSet<Contact> Contacts { get; }

    DbSet<ContactIdentityEvent> ContactIdentityEvents { get; }

    DbSet<Conversation> Conversations { get; }

    DbSet<Message> Messages { get; }

    DbSet<MessageStatusEvent> MessageStatusEvents { get; }

    DbSet<WebhookInboxEntry> WebhookInbox { get; }

    DbSet<AuthEvent> AuthEvents { get; }

    DbSet<MediaObject> MediaObjects { get; }

    DbSet<MessageTemplate> MessageTemplates { get; }

    DbSet<Campaign> Campaigns { get; }

    /// <summary>Each campaign's recipient ledger: one row per number (or skipped audience entry).</summary>
    DbSet<CampaignRecipient> CampaignRecipients { get; }

    /// <summary>Dashboard totals of messages per 15-minute bucket (kept by the rollup job).</summary>
    DbSet<MessageCountRollup> MessageCountRollups { get; }

    /// <summary>The same totals per UTC day.</summary>
    DbSet<DailyMessageCountRollup> DailyMessageCountRollups { get; }

    /// <summary>Each conversation's share of <see cref="MessageCountRollups"/>.</summary>
    DbSet<ConversationMessageCount> ConversationMessageCounts { get; }

    /// <summary>Waits for a first response (kept by the rollup job).</summary>
    DbSet<ResponseEpisode> ResponseEpisodes { get; }

    /// <summary>Closings of conversations (recorded when a closing is saved).</summary>
    DbSet<ConversationResolution> ConversationResolutions { get; }

    /// <summary>Stretches of time users spent online on the desk, per availability (dashboards' presence time).</summary>
    DbSet<PresenceInterval> PresenceIntervals { get; }

    /// <summary>The presence job's one state row: when it last recorded.</summary>
    DbSet<PresenceRecordingState> PresenceRecordingStates { get; }

    DbSet<DashboardRollupState> DashboardRollupStates { get; }

    /// <summary>Conversations deleted by a merge whose counts the rollup job has still to take out.</summary>
    DbSet<RemovedConversation> RemovedConversations { get; }

    /// <summary>The state of each conversation the rollups last recounted.</summary>
    DbSet<RecountedConversation> RecountedConversations { get; }

    DbSet<QuickReply> QuickReplies { get; }

    DbSet<HistoryArchive> HistoryArchives { get; }

    DbSet<ArchivedConversation> ArchivedConversations { get; }

    /// <summary>Background conversation exports (ADR 0042).</summary>
    DbSet<ConversationExportFile> ConversationExports { get; }
    /// <summary>The desk's run-time settings: one row.</summary>
    DbSet<SystemSettings> SystemSettings { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
