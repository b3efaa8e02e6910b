using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Desk;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Identity;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.Realtime;

/// <summary>
/// The real-time desk (<c>/hubs/desk</c>): a signed-in user connects with the same access token as the REST API and
/// receives the events of what they may see (docs/realtime.md). The connection belongs to the token's session: when
/// the session ends, it is closed. An integration connects with an API key that has <c>desk:subscribe</c>
/// (<c>Authorization: ApiKey</c>); its connection is not a user's (no presence) and closes when the key is revoked or expires.
/// </summary>
[Authorize(Policy = Policy)]
internal sealed partial class DeskHub(
    DeskConnections connections,
    IPresenceRegistry presence,
    DeskReplay replay,
    IServiceProvider services,
    WhatsSuiteSettings settings,
    ILogger<DeskHub> logger) : Hub
{
    public const string Path = "/hubs/desk";

    /// <summary>
    /// A user of a desk role whose token is not limited to changing the password or enrolling MFA, or an API key with
    /// <c>desk:subscribe</c>.
    /// </summary>
    public const string Policy = "desk";

    public override async Task OnConnectedAsync()
    {
        var user = DeskUser.From(Context.User);
        if (user is null)
        {
            LogRefused(logger, null, "no_user");
            Context.Abort();
            return;
        }

        if (!connections.TryAdd(Context.ConnectionId, user, Context, settings.Realtime.MaxConnectionsPerUser))
        {
            LogRefused(logger, user.Owner, "too_many_connections");
            Context.Abort();
            return;
        }

        // The session was checked when the request was authenticated, before the handshake; a session that ended since
        // announced it while this connection was not registered yet, so nothing closed it. Registered now, it is closed
        // by any later announcement; one that came earlier shows in the store.
        if (!await SessionInForceAsync(user))
        {
            connections.Close(new DeskConnections.Entry(Context.ConnectionId, user, Context));
            return;
        }

        // An integration is not a user: it is never online and never counts for auto-assignment.
        if (user.ApiKeyId is null)
        {
            await UpdatePresenceAsync(user.UserId, online: true);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        // Also when a session end closed it (already out of the registry) or it was refused (removing is harmless).
        connections.Remove(Context.ConnectionId);
        if (DeskUser.From(Context.User) is { ApiKeyId: null } user)
        {
            await UpdatePresenceAsync(user.UserId, online: false);
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Client method <c>Resume(cursor)</c>: the events the user missed after <paramref name="cursor"/> (the last
    /// <c>cursor</c> the client saw, on any connection and instance), filtered by what they may see now, or a reload
    /// notice when they are no longer kept; with a null cursor, only the current position (docs/realtime.md, ADR 0035).
    /// </summary>
    public async Task<DeskResumeResult> Resume(long? cursor)
    {
        if (cursor is < 0)
        {
            throw new HubException("validation: cursor must be a cursor received from the desk, or null.");
        }

        if (DeskUser.From(Context.User) is not { } user)
        {
            throw new HubException("forbidden");
        }

        try
        {
            return await replay.ResumeAsync(user.UserId, cursor, Context.ConnectionAborted);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogResumeFailed(logger, user.UserId, ex);
            throw new HubException("unavailable: missed events cannot be read now; reload from the REST API.");
        }
    }

    /// <summary>Whether the connection's session (or API key) is still in force; when the store cannot tell, it is not.</summary>
    private async Task<bool> SessionInForceAsync(DeskUser user)
    {
        try
        {
            if (await DeskSessionWatcher.IsInForceAsync(user, services, Context.ConnectionAborted))
            {
                return true;
            }

            LogRefused(logger, user.Owner, "session_ended");
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or System.Data.Common.DbException or OperationCanceledException)
        {
            LogRefused(logger, user.Owner, "session_not_checked");
        }

        return false;
    }

    /// <summary>
    /// Records the connection in the shared presence and wakes every instance's presence monitor. When Redis cannot be
    /// reached, the connection still works: the next heartbeat records it (or lets it expire).
    /// </summary>
    private async Task UpdatePresenceAsync(Guid userId, bool online)
    {
        try
        {
            if (online)
            {
                await presence.AddAsync(userId, Context.ConnectionId, CancellationToken.None);
            }
            else
            {
                await presence.RemoveAsync(userId, Context.ConnectionId, CancellationToken.None);
            }

            presence.NotifyChanged();
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogPresenceUpdateFailed(logger, userId, ex);
        }
    }

    [LoggerMessage(EventId = LogEvents.PresenceUpdateFailed, Level = LogLevel.Warning, Message = "Presence of user {UserId} not updated (fixed at the next heartbeat)")]
    private static partial void LogPresenceUpdateFailed(ILogger logger, Guid userId, Exception exception);

    [LoggerMessage(EventId = LogEvents.DeskResumeFailed, Level = LogLevel.Warning, Message = "Resuming the desk of user {UserId} failed (the journal could not be read)")]
    private static partial void LogResumeFailed(ILogger logger, Guid userId, Exception exception);

    [LoggerMessage(EventId = LogEvents.DeskConnectionRefused, Level = LogLevel.Warning, Message = "Desk connection refused for user or API key {UserId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid? userId, string reason);
}

/// <summary>
/// Who a hub connection belongs to: a user, their role, and the session (<c>jti</c>) of the token it opened with; or an
/// integration's API key (<see cref="ApiKeyId"/>), addressed as <see cref="DeskAudience.Integrations"/>, with no role
/// and no session.
/// </summary>
internal sealed record DeskUser(Guid UserId, Role? Role, string? Jti, Guid? ApiKeyId = null)
{
    /// <summary>Whose connections the per-user limit counts: the user's, or the API key's.</summary>
    public Guid Owner => ApiKeyId ?? UserId;

    public static DeskUser? From(System.Security.Claims.ClaimsPrincipal? principal)
    {
        if (principal is null)
        {
            return null;
        }

        if (principal.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
        {
            return Guid.TryParse(principal.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value, out var keyId)
                ? new DeskUser(DeskAudience.Integrations, null, null, keyId)
                : null;
        }

        return Guid.TryParse(principal.FindFirst("sub")?.Value, out var userId)
            && Enum.TryParse<Role>(principal.FindFirst(AccessTokenClaims.Role)?.Value, ignoreCase: false, out var role)
            && principal.FindFirst("jti")?.Value is { Length: > 0 } jti
                ? new DeskUser(userId, role, jti)
                : null;
    }
}

/// <summary>
/// SignalR's user id is the token's subject, so events addressed to a user reach all their connections on every
/// instance; every API-key connection shares <see cref="DeskAudience.Integrations"/>, so events addressed to
/// integrations reach them all.
/// </summary>
internal sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => DeskUser.From(connection.User)?.UserId.ToString();
}
