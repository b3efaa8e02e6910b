namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>Settings of the real-time desk hub (docs/realtime.md).</summary>
public sealed class RealtimeSettings
{
    /// <summary>Open hub connections one user may hold on one instance (<c>REALTIME_MAX_CONNECTIONS_PER_USER</c>); one more is refused.</summary>
    public required int MaxConnectionsPerUser { get; init; }

    /// <summary>Largest message a client may send to the hub (<c>REALTIME_MAX_MESSAGE_BYTES</c>); a larger one closes the connection.</summary>
    public required int MaxMessageBytes { get; init; }

    /// <summary>Hub method calls one connection may make per minute (<c>REALTIME_CLIENT_CALLS_PER_MINUTE</c>); more are refused.</summary>
    public required int ClientCallsPerMinute { get; init; }

    /// <summary>How often the server pings an idle connection (<c>REALTIME_KEEPALIVE_SECONDS</c>).</summary>
    public required TimeSpan KeepAlive { get; init; }

    /// <summary>A connection the client has not pinged for this long is closed, and the user may go offline (<c>REALTIME_CLIENT_TIMEOUT_SECONDS</c>).</summary>
    public required TimeSpan ClientTimeout { get; init; }

    /// <summary>How often each open connection's session is checked again (<c>REALTIME_SESSION_CHECK_SECONDS</c>), a backstop to the immediate close on revocation.</summary>
    public required TimeSpan SessionCheck { get; init; }

    /// <summary>
    /// How long a connection counts as online without its instance refreshing it (<c>REALTIME_PRESENCE_TTL_SECONDS</c>):
    /// if an instance dies, its users go offline within this time plus one heartbeat.
    /// </summary>
    public required TimeSpan PresenceTtl { get; init; }

    /// <summary>
    /// How many recent desk events are kept for resuming clients (<c>REALTIME_RESUME_MAX_EVENTS</c>, all users together):
    /// a client that missed more must reload.
    /// </summary>
    public required int ResumeMaxEvents { get; init; }

    /// <summary>How old a missed event may be and still be replayed to a resuming client (<c>REALTIME_RESUME_WINDOW_SECONDS</c>).</summary>
    public required TimeSpan ResumeWindow { get; init; }

    /// <summary>How often each instance refreshes its connections' presence and looks for changes: a third of <see cref="PresenceTtl"/>.</summary>
    public TimeSpan PresenceHeartbeat => PresenceTtl / 3;

    public static RealtimeSettings Load(ConfigReader config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var keepAlive = config.Number("REALTIME_KEEPALIVE_SECONDS", 15, min: 1, max: 300);
        var timeout = config.Number("REALTIME_CLIENT_TIMEOUT_SECONDS", 30, min: 2, max: 600);
        if (timeout < 2 * keepAlive)
        {
            throw new InvalidOperationException("REALTIME_CLIENT_TIMEOUT_SECONDS must be at least twice REALTIME_KEEPALIVE_SECONDS.");
        }

        return new RealtimeSettings
        {
            MaxConnectionsPerUser = config.Number("REALTIME_MAX_CONNECTIONS_PER_USER", 10, min: 1, max: 1000),
            MaxMessageBytes = config.Number("REALTIME_MAX_MESSAGE_BYTES", 4096, min: 256, max: 1_048_576),
            ClientCallsPerMinute = config.Number("REALTIME_CLIENT_CALLS_PER_MINUTE", 60, min: 1, max: 100_000),
            KeepAlive = TimeSpan.FromSeconds(keepAlive),
            ClientTimeout = TimeSpan.FromSeconds(timeout),
            SessionCheck = TimeSpan.FromSeconds(config.Number("REALTIME_SESSION_CHECK_SECONDS", 60, min: 1, max: 3600)),
            PresenceTtl = TimeSpan.FromSeconds(config.Number("REALTIME_PRESENCE_TTL_SECONDS", 45, min: 3, max: 3600)),
            ResumeMaxEvents = config.Number("REALTIME_RESUME_MAX_EVENTS", 10_000, min: 100, max: 1_000_000),
            ResumeWindow = TimeSpan.FromSeconds(config.Number("REALTIME_RESUME_WINDOW_SECONDS", 300, min: 10, max: 86_400)),
        };
    }
}
