using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Auth.Logout;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users.CreateUser;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Presence;
using WhatsSuite.Domain.Sessions;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.UnitTests.Common.Behaviors;

/// <summary>
/// The real mediator pipeline with recording fakes for the ports: proves the order of the behaviors and
/// that every command leaves exactly one audit entry whatever its outcome.
/// </summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private readonly List<string> _events = [];
    private readonly List<AuditEntry> _audit = [];
    private ServiceProvider? _provider;
    private AsyncServiceScope _scope;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        services.AddSingleton<IAuditTrail>(new RecordingAuditTrail(_events, _audit));
        services.AddSingleton<IUnitOfWork>(new RecordingUnitOfWork(_events));
        services.AddSingleton<ISessionStore>(new RecordingSessionStore(_events));
        services.AddSingleton<ISessionTerminator>(new RecordingSessionTerminator(_events));
        // Handlers are built before the pipeline runs; these fail the test if a refused command's handler body runs.
        services.AddSingleton<IApplicationDbContext, UnreachableDbContext>();
        services.AddSingleton<IPasswordHasher, UnreachableHasher>();
        services.AddSingleton<IMediaDownloads, UnreachableMediaDownloads>();
        services.AddSingleton<ITransactionLocks, UnreachableTransactionLocks>();
        services.AddSingleton<IOutOfHoursReplies, UnreachableOutOfHoursReplies>();
        services.AddSingleton<IConversationExportJobs, UnreachableConversationExportJobs>();
        services.AddSingleton(new WhatsSuite.Application.Common.Messaging.MessagingOptions());
        services.AddSingleton(new WhatsSuite.Application.Campaigns.CampaignAudienceOptions());
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _scope = _provider.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider!.DisposeAsync();
    }

    private async Task<TResponse> SendAs<TResponse>(Actor actor, ICommand<TResponse> command)
    {
        _scope.ServiceProvider.GetRequiredService<ActorContext>().Set(actor);
        return await _scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    private static Actor Agent(string? sessionId = "jti-1") => Actor.ForUser(Guid.NewGuid(), Role.AGENTE, sessionId, false, "127.0.0.1", "tests", "req-1");

    [Fact]
    public async Task Send_SuccessfulCommand_RunsHandlerInsideTheTransactionThenAudits()
    {
        var result = await SendAs(Agent(), new LogoutCommand());

        Assert.True(result.IsSuccess);
        Assert.Equal(["tx.begin", "sessions.revoke:jti-1", "tx.commit", "audit:Logout:Success"], _events);
    }

    [Fact]
    public async Task Send_HandlerFailure_RollsBackThenAuditsTheFailure()
    {
        var result = await SendAs(Agent(sessionId: null), new LogoutCommand());

        Assert.False(result.IsSuccess);
        Assert.Equal(["tx.begin", "tx.rollback", "audit:Logout:Failed"], _events);
        Assert.Equal("auth.unauthenticated", Assert.Single(_audit).Reason);
    }

    [Fact]
    public async Task Send_DeniedCommand_IsAuditedBeforeValidationAndNeverOpensATransaction()
    {
        var invalidAndForbidden = new CreateUserCommand("", "", Role.ADMIN, "");

        var result = await SendAs(Agent(), invalidAndForbidden);

        Assert.Equal("auth.forbidden", result.Error!.Code);
        Assert.Equal(["audit:CreateUser:Denied"], _events);
    }

    [Fact]
    public async Task Send_InvalidCommand_IsAuditedAsInvalidAndNeverOpensATransaction()
    {
        var admin = Actor.ForUser(Guid.NewGuid(), Role.ADMIN, "jti-2", false, null, null, null);

        var result = await SendAs(admin, new CreateUserCommand("not-an-email", "Name", Role.AGENTE, "Temporary-password-1"));

        Assert.Equal("validation_failed", result.Error!.Code);
        Assert.True(result.Error.FieldErrors!.ContainsKey("email"));
        Assert.Equal(["audit:CreateUser:Invalid"], _events);
    }

    [Fact]
    public async Task Send_AnonymousOnProtectedCommand_IsUnauthenticatedAndAudited()
    {
        var result = await SendAs(Actor.Anonymous(), new LogoutCommand());

        Assert.Equal("auth.unauthenticated", result.Error!.Code);
        var entry = Assert.Single(_audit);
        Assert.Equal((AuditOutcome.Denied, "anonymous"), (entry.Outcome, entry.Actor.Id));
    }

    [Fact]
    public async Task Send_BackgroundCommand_RunsInItsTransactionAndIsAuditedAsItsSystemActor()
    {
        var command = new WhatsSuite.Application.Webhooks.ProcessWebhookDelivery.ProcessWebhookDeliveryCommand(Guid.NewGuid());

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await SendAs(Actor.System("webhook-inbox"), command));

        Assert.Equal(["tx.begin", "tx.rollback", "audit:ProcessWebhookDelivery:Failed"], _events);
        Assert.Equal("job:webhook-inbox", Assert.Single(_audit).Actor.Id);
    }

    [Fact]
    public async Task Send_BackgroundCommandByAUser_IsDeniedAndAudited()
    {
        var command = new WhatsSuite.Application.Webhooks.ProcessWebhookDelivery.ProcessWebhookDeliveryCommand(Guid.NewGuid());

        var result = await SendAs(Agent(), command);

        Assert.Equal("auth.forbidden", result.Error!.Code);
        Assert.Equal(["audit:ProcessWebhookDelivery:Denied"], _events);
    }

    private sealed class UnreachableDbContext : IApplicationDbContext
    {
        public DbSet<User> Users => throw new InvalidOperationException("The handler ran.");

        public DbSet<UserSession> UserSessions => throw new InvalidOperationException("The handler ran.");

        public DbSet<RefreshToken> RefreshTokens => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.ApiKeys.ApiKey> ApiKeys => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Queues.Queue> Queues => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Queues.QueueBusinessHoursChange> QueueBusinessHoursChanges => throw new InvalidOperationException("The handler ran.");

        public DbSet<AuditLog> AuditLogs => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Connections.Connection> Connections => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Contacts.Contact> Contacts => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Contacts.ContactIdentityEvent> ContactIdentityEvents => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Connections.ConnectionEvent> ConnectionEvents => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Conversations.Conversation> Conversations => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Messages.Message> Messages => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Messages.MessageStatusEvent> MessageStatusEvents => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Webhooks.WebhookInboxEntry> WebhookInbox => throw new InvalidOperationException("The handler ran.");

        public DbSet<AuthEvent> AuthEvents => throw new InvalidOperationException("The handler ran.");

        public DbSet<Domain.Media.MediaObject> MediaObjects => throw new InvalidOperationException("The handler ran.");

        public DbSet<Domain.Templates.MessageTemplate> MessageTemplates => throw new InvalidOperationException("The handler ran.");

        public DbSet<Domain.Campaigns.Campaign> Campaigns => throw new InvalidOperationException("The handler ran.");

        public DbSet<Domain.Campaigns.CampaignRecipient> CampaignRecipients => throw new InvalidOperationException("The handler ran.");

        public DbSet<MessageCountRollup> MessageCountRollups => throw new InvalidOperationException("The handler ran.");

        public DbSet<DailyMessageCountRollup> DailyMessageCountRollups => throw new InvalidOperationException("The handler ran.");

        public DbSet<ConversationMessageCount> ConversationMessageCounts => throw new InvalidOperationException("The handler ran.");

        public DbSet<ResponseEpisode> ResponseEpisodes => throw new InvalidOperationException("The handler ran.");

        public DbSet<ConversationResolution> ConversationResolutions => throw new InvalidOperationException("The handler ran.");

        public DbSet<PresenceInterval> PresenceIntervals => throw new InvalidOperationException("The handler ran.");

        public DbSet<PresenceRecordingState> PresenceRecordingStates => throw new InvalidOperationException("The handler ran.");

        public DbSet<DashboardRollupState> DashboardRollupStates => throw new InvalidOperationException("The handler ran.");

        public DbSet<RemovedConversation> RemovedConversations => throw new InvalidOperationException("The handler ran.");

        public DbSet<RecountedConversation> RecountedConversations => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.QuickReplies.QuickReply> QuickReplies => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Settings.SystemSettings> SystemSettings => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Archives.HistoryArchive> HistoryArchives => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Archives.ArchivedConversation> ArchivedConversations => throw new InvalidOperationException("The handler ran.");

        public DbSet<WhatsSuite.Domain.Exports.ConversationExportFile> ConversationExports => throw new InvalidOperationException("The handler ran.");

        public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException("The handler ran.");
    }

    private sealed class UnreachableMediaDownloads : IMediaDownloads
    {
        public void Enqueue(Guid messageId) => throw new InvalidOperationException("The handler ran.");

        public void Schedule(Guid messageId, TimeSpan delay) => throw new InvalidOperationException("The handler ran.");
    }

    private sealed class UnreachableTransactionLocks : ITransactionLocks
    {
        public Task HoldAsync(TransactionLockSpace space, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The handler ran.");
    }

    private sealed class UnreachableOutOfHoursReplies : IOutOfHoursReplies
    {
        public void Enqueue(Guid conversationId) => throw new InvalidOperationException("The handler ran.");
    }

    private sealed class UnreachableConversationExportJobs : IConversationExportJobs
    {
        public void Enqueue(Guid exportId) => throw new InvalidOperationException("The handler ran.");
    }

    private sealed class UnreachableHasher : IPasswordHasher
    {
        public string Hash(string password) => throw new InvalidOperationException("The handler ran.");

        public bool Verify(string password, string hash) => throw new InvalidOperationException("The handler ran.");

        public void VerifyAgainstDummy(string password) => throw new InvalidOperationException("The handler ran.");
    }

    private sealed class RecordingAuditTrail(List<string> events, List<AuditEntry> audit) : IAuditTrail
    {
        public void AddAuthEvent(AuthEventEntry entry) => events.Add($"auth-event:{entry.Type}");

        public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken) => WriteAsync([entry], cancellationToken);

        public Task WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            // Queued auth events are part of the same write.
            events.RemoveAll(e => e.StartsWith("auth-event:", StringComparison.Ordinal));
            events.AddRange(entries.Select(entry => $"audit:{entry.Action}:{entry.Outcome}"));
            audit.AddRange(entries);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingUnitOfWork(List<string> events) : IUnitOfWork
    {
        public Task<IUnitOfWorkTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
        {
            events.Add("tx.begin");
            return Task.FromResult<IUnitOfWorkTransaction>(new Transaction(events));
        }

        private sealed class Transaction(List<string> events) : IUnitOfWorkTransaction
        {
            public Task CommitAsync(CancellationToken cancellationToken)
            {
                events.Add("tx.commit");
                return Task.CompletedTask;
            }

            public Task RollbackAsync(CancellationToken cancellationToken)
            {
                events.Add("tx.rollback");
                return Task.CompletedTask;
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class RecordingSessionTerminator(List<string> events) : ISessionTerminator
    {
        public Task EndSessionAsync(string jti, CancellationToken cancellationToken)
        {
            events.Add($"sessions.revoke:{jti}");
            return Task.CompletedTask;
        }

        public Task EndSessionOnlyAsync(string jti, CancellationToken cancellationToken) => EndSessionAsync(jti, cancellationToken);

        public Task<int> EndFamilyAsync(Guid familyId, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> EndAllForUserAsync(Guid userId, string reason, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private sealed class RecordingSessionStore(List<string> events) : ISessionStore
    {
        public Task CreateAsync(SessionDescriptor session, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<SessionDescriptor?> FindActiveAsync(string jti, CancellationToken cancellationToken) => Task.FromResult<SessionDescriptor?>(null);

        public Task<bool> RevokeAsync(string jti, CancellationToken cancellationToken)
        {
            events.Add($"sessions.revoke:{jti}");
            return Task.FromResult(true);
        }

        public Task<int> RevokeAllForUserAsync(Guid userId, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<IReadOnlyList<SessionDescriptor>> ListActiveForUserAsync(Guid userId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SessionDescriptor>>([]);
    }
}
