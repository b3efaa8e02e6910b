using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
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
using WhatsSuite.Infrastructure.Persistence.Dashboards;
using WhatsSuite.Infrastructure.Persistence.Search;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Infrastructure.Persistence;

/// <summary>
/// The model, shared by both providers. Each provider has its own derived context so that its migrations
/// live in their own folder (<c>Migrations/Postgres</c>, <c>Migrations/Sqlite</c>).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options), IApplicationDbContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Queue> Queues => Set<Queue>();

    public DbSet<QueueBusinessHoursChange> QueueBusinessHoursChanges => Set<QueueBusinessHoursChange>();

    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();

    public DbSet<Connection> Connections => Set<Connection>();

    public DbSet<ConnectionEvent> ConnectionEvents => Set<ConnectionEvent>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ContactIdentityEvent> ContactIdentityEvents => Set<ContactIdentityEvent>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageStatusEvent> MessageStatusEvents => Set<MessageStatusEvent>();

    public DbSet<WebhookInboxEntry> WebhookInbox => Set<WebhookInboxEntry>();

    public DbSet<AuthEvent> AuthEvents => Set<AuthEvent>();

    public DbSet<MediaObject> MediaObjects => Set<MediaObject>();

    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<CampaignRecipient> CampaignRecipients => Set<CampaignRecipient>();

    public DbSet<MessageCountRollup> MessageCountRollups => Set<MessageCountRollup>();

    public DbSet<DailyMessageCountRollup> DailyMessageCountRollups => Set<DailyMessageCountRollup>();

    public DbSet<ConversationMessageCount> ConversationMessageCounts => Set<ConversationMessageCount>();

    public DbSet<ResponseEpisode> ResponseEpisodes => Set<ResponseEpisode>();

    public DbSet<ConversationResolution> ConversationResolutions => Set<ConversationResolution>();

    public DbSet<PresenceInterval> PresenceIntervals => Set<PresenceInterval>();

    public DbSet<PresenceRecordingState> PresenceRecordingStates => Set<PresenceRecordingState>();

    public DbSet<DashboardRollupState> DashboardRollupStates => Set<DashboardRollupState>();

    public DbSet<RemovedConversation> RemovedConversations => Set<RemovedConversation>();

    public DbSet<RecountedConversation> RecountedConversations => Set<RecountedConversation>();

    public DbSet<QuickReply> QuickReplies => Set<QuickReply>();

    public DbSet<HistoryArchive> HistoryArchives => Set<HistoryArchive>();

    public DbSet<ArchivedConversation> ArchivedConversations => Set<ArchivedConversation>();

    public DbSet<ConversationExportFile> ConversationExports => Set<ConversationExportFile>();

    public DbSet<SystemSettings> SystemSettings => Set<SystemSettings>();

    /// <summary>
    /// What the desk is told of this context's saves, for the scope that leased it from the pool (set by the scope's
    /// registration, cleared when the scope gives it back); none outside a scope.
    /// </summary>
    internal DeskChangeCapture? DeskChangeCapture { get; set; }

    /// <summary>Gives the context back (to the pool, in the API), without the scope's capture.</summary>
    public override void Dispose()
    {
        DeskChangeCapture = null;
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="Dispose"/>
    public override ValueTask DisposeAsync()
    {
        DeskChangeCapture = null;
        GC.SuppressFinalize(this);
        return base.DisposeAsync();
    }

    /// <summary>
    /// Compares the tracked entities with their snapshots once: the search index, the history recorder, the
    /// interceptors and EF's own save then read that one result (what the search index changes itself, it detects entry
    /// by entry). A webhook batch tracks thousands of entities; each full comparison costs as much as a query.
    /// </summary>
    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        var tracker = ChangeTracker;
        var autoDetect = tracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            tracker.DetectChanges();
        }

        tracker.AutoDetectChangesEnabled = false;
        try
        {
            ContactSearchIndexer.Apply(tracker);
            await ConversationSearchIndexer.ApplyAsync(this, cancellationToken);
            await ConversationHistoryRecorder.ApplyAsync(this, cancellationToken);
            return await base.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            throw new UniqueConstraintViolationException("A unique index rejected the change.", exception);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>True when the provider reports that a unique index rejected the change.</summary>
    protected abstract bool IsUniqueViolation(DbUpdateException exception);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        SnakeCaseNames.Apply(modelBuilder);
    }
}
