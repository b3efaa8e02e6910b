using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Identity;
using Role = WhatsSuite.Domain.Users.Role;

namespace WhatsSuite.Api.Realtime;

internal static class RealtimeSetup
{
    /// <summary>
    /// The desk hub: SignalR with JSON (enums as strings, as in the REST API), keep-alive and client timeout from the
    /// settings, the message size limit, a per-connection call budget, and in server mode the Redis backplane so that
    /// an event sent on one instance reaches a user's connections on every instance.
    /// </summary>
    public static IServiceCollection AddRealtime(this IServiceCollection services, WhatsSuiteSettings settings)
    {
        var realtime = settings.Realtime;
        var signalR = services.AddSignalR(options =>
        {
            options.KeepAliveInterval = realtime.KeepAlive;
            options.ClientTimeoutInterval = realtime.ClientTimeout;
            options.MaximumReceiveMessageSize = realtime.MaxMessageBytes;
            options.EnableDetailedErrors = false;
            options.AddFilter<DeskCallBudgetFilter>();
        }).AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        if (settings.RedisUrl is { } redisUrl)
        {
            signalR.AddStackExchangeRedis(options =>
            {
                options.Configuration = RedisUrl.Parse(redisUrl, settings.RedisTimeout);
                options.Configuration.AbortOnConnectFail = false;
                options.Configuration.ChannelPrefix = RedisChannel.Literal($"{settings.RedisSessionPrefix}:signalr");
            });
        }

        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddSingleton<DeskConnections>();
        services.AddSingleton<DeskCallBudgetFilter>();
        services.AddHostedService<DeskDispatcher>();
        services.AddHostedService<DeskSessionWatcher>();
        services.AddHostedService<PresenceMonitor>();
        services.AddHostedService<CampaignProgressPublisher>();
        services.AddAuthorizationBuilder().AddPolicy(DeskHub.Policy, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => IsDeskUser(context.User) || IsDeskIntegration(context.User)));
        return services;
    }

    /// <summary>A user of a desk role whose token is not limited to the mandatory password change or MFA enrolment.</summary>
    private static bool IsDeskUser(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName
        && user.FindFirst(AccessTokenClaims.Role)?.Value is nameof(Role.ADMIN) or nameof(Role.SUPERVISOR) or nameof(Role.AGENTE)
        && !user.HasClaim(c => c.Type == AccessTokenClaims.PasswordChangeRequired && c.Value is "true" or "True")
        && !user.HasClaim(AccessTokenClaims.Mfa, AccessTokenClaims.MfaEnrollmentRequired);

    /// <summary>An API key (<c>Authorization: ApiKey</c>, never a query string) with <c>desk:subscribe</c>.</summary>
    private static bool IsDeskIntegration(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName
        && user.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, Scopes.DeskSubscribe);

    /// <summary>
    /// Maps the hub: WebSockets first, then Server-Sent Events and long polling; closed when the access token (or the
    /// API key) expires.
    /// </summary>
    public static IEndpointRouteBuilder MapDeskHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<DeskHub>(DeskHub.Path, options =>
        {
            options.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
            options.CloseOnAuthenticationExpiration = true;
        });
        return app;
    }
}

/// <summary>Refuses hub calls beyond <c>REALTIME_CLIENT_CALLS_PER_MINUTE</c> per connection (a fixed one-minute window).</summary>
internal sealed class DeskCallBudgetFilter(WhatsSuiteSettings settings, TimeProvider clock) : IHubFilter
{
    private const string WindowKey = "desk.calls";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var items = invocationContext.Context.Items;
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        var (windowMinute, calls) = items.TryGetValue(WindowKey, out var value) && value is (long m, int c) ? (m, c) : (minute, 0);
        calls = windowMinute == minute ? calls + 1 : 1;
        items[WindowKey] = (minute, calls);
        if (calls > settings.Realtime.ClientCallsPerMinute)
        {
            throw new HubException("rate_limited: too many calls; wait a minute.");
        }

        return await next(invocationContext);
    }
}
