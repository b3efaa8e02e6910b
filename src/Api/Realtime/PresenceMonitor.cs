using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Desk;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.Realtime;

/// <summary>
/// Presence on this instance: refreshes the shared entries of this instance's connections every heartbeat (a third of
/// <c>REALTIME_PRESENCE_TTL_SECONDS</c>), and, at every heartbeat and whenever any instance says presence changed,
/// compares who is online and available with what it saw last. Each change goes to the supervisors and admins
/// connected to this instance (<c>presence.changed</c>), so every instance tells its own and nobody hears it twice;
/// a user becoming online and available wakes auto-assignment (their queues' backlog is distributed, ADR 0030).
/// </summary>
internal sealed partial class PresenceMonitor(
    IPresenceRegistry registry,
    DeskConnections connections,
    IHubContext<DeskHub> hub,
    IBackgroundWorkSignal signal,
    IServiceScopeFactory scopes,
    WhatsSuiteSettings settings,
    TimeProvider clock,
    ILogger<PresenceMonitor> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Dictionary<Guid, Availability> _last = [];
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.Changed += Wake;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Changed -= Wake;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeat = settings.Realtime.PresenceHeartbeat;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(heartbeat, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogCheckFailed(logger, ex);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(heartbeat);
            try
            {
                await _wake.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The heartbeat.
            }
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task CheckAsync(TimeSpan heartbeat, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _lastRefresh >= heartbeat / 2)
        {
            await registry.RefreshAsync([.. connections.Snapshot().Where(c => c.User.ApiKeyId is null).Select(c => (c.User.UserId, c.ConnectionId))], cancellationToken);
            _lastRefresh = now;
        }

        var online = await registry.OnlineAsync(cancellationToken);
        var ids = online.Keys.ToList();
        Dictionary<Guid, Availability> current;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            current = ids.Count == 0 ? [] : await db.Users.AsNoTracking()
                .Where(u => ids.Contains(u.Id) && u.IsActive)
                .ToDictionaryAsync(u => u.Id, u => u.Availability, cancellationToken);
        }

        var changes = new List<DeskPresence>();
        foreach (var (userId, availability) in current)
        {
            if (!_last.TryGetValue(userId, out var before) || before != availability)
            {
                changes.Add(new DeskPresence(userId, true, availability));
            }
        }

        changes.AddRange(_last.Where(l => !current.ContainsKey(l.Key)).Select(l => new DeskPresence(l.Key, false, l.Value)));
        _last = current;
        if (changes.Count == 0)
        {
            return;
        }

        if (changes.Any(c => c is { Online: true, Availability: Availability.Available }))
        {
            signal.Notify(BackgroundWork.AutoAssignment);
        }

        var supervisors = connections.Snapshot()
            .Where(c => c.User.Role is Role.ADMIN or Role.SUPERVISOR)
            .Select(c => c.ConnectionId)
            .ToList();
        if (supervisors.Count == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            var envelope = new DeskEnvelope(DeskEventTypes.Version, DeskEventTypes.PresenceChanged, null, null, clock.GetUtcNow(), change);
            await hub.Clients.Clients(supervisors).SendAsync(DeskEventTypes.ClientMethod, envelope, cancellationToken);
        }
    }

    [LoggerMessage(EventId = LogEvents.PresenceCheckFailed, Level = LogLevel.Warning, Message = "The presence check failed (retried at the next heartbeat)")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
