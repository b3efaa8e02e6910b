using WhatsSuite.Application.ApiKeys;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.Realtime;

/// <summary>
/// Closes hub connections whose session ended (or whose API key was revoked): at once when any instance announces it
/// (<see cref="SessionEndBus"/>), and, as a backstop for a missed notice, by checking every open connection's session
/// (or key) every <c>REALTIME_SESSION_CHECK_SECONDS</c>.
/// </summary>
internal sealed partial class DeskSessionWatcher(
    SessionEndBus bus,
    DeskConnections connections,
    IServiceScopeFactory scopes,
    WhatsSuiteSettings settings,
    ILogger<DeskSessionWatcher> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        bus.Received += OnSessionsEnded;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        bus.Received -= OnSessionsEnded;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Realtime.SessionCheck);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckSessionsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckFailed(logger, ex);
            }
        }
    }

    /// <summary>
    /// Whether the session (or API key) a connection belongs to is still in force; a store that cannot answer throws
    /// and the caller closes the connection.
    /// </summary>
    internal static async Task<bool> IsInForceAsync(DeskUser user, IServiceProvider services, CancellationToken cancellationToken) =>
        user.ApiKeyId is { } keyId
            ? await services.GetRequiredService<IApiKeyAuthenticator>().IsUsableAsync(keyId, cancellationToken)
            : user.Jti is { } jti && await services.GetRequiredService<ISessionStore>().FindActiveAsync(jti, cancellationToken) is not null;

    private async Task CheckSessionsAsync(CancellationToken cancellationToken)
    {
        var open = connections.Snapshot();
        if (open.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        foreach (var group in open.GroupBy(c => (c.User.Jti, c.User.ApiKeyId)))
        {
            if (!await IsInForceAsync(group.First().User, scope.ServiceProvider, cancellationToken))
            {
                Close(group);
            }
        }
    }

    private void Close(IEnumerable<DeskConnections.Entry> group)
    {
        var closed = 0;
        foreach (var entry in group)
        {
            connections.Close(entry);
            closed++;
        }

        LogClosed(logger, closed, "session_check");
    }

    private void OnSessionsEnded(SessionsEndedNotice notice)
    {
        var closed = connections.Close(notice);
        if (closed > 0)
        {
            LogClosed(logger, closed, notice.ApiKeyId is null ? "sessions_ended" : "api_key_revoked");
        }
    }

    [LoggerMessage(EventId = LogEvents.DeskConnectionsClosed, Level = LogLevel.Information, Message = "Closed {Count} desk connections: {Reason}")]
    private static partial void LogClosed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = LogEvents.DeskSessionCheckFailed, Level = LogLevel.Warning, Message = "The periodic session check of desk connections failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
