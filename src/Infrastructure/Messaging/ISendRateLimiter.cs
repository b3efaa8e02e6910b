namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// The per-connection send budget (<c>SendRateLimitPerSecond</c>): no one-second window holds more sends than the
/// budget, and the sends are spread evenly over the second rather than sent in a burst at its start. Each send takes a
/// token before it calls WhatsApp and hands it back when WhatsApp has answered; the token then still counts for one
/// second. Tokens are given no closer together than one budget-th of a second (a send that came late may use the slots
/// of the last <see cref="SendPacing.CatchUp"/>, so jitter does not lower the rate), and none while the connection is
/// held back after WhatsApp throttled it (<see cref="HoldAsync"/>).
/// </summary>
internal interface ISendRateLimiter
{
    /// <summary>Waits for a token of <paramref name="connectionId"/>; dispose the answer when the send has finished.</summary>
    Task<IAsyncDisposable> AcquireAsync(Guid connectionId, int perSecond, CancellationToken cancellationToken);

    /// <summary>
    /// Gives no token of <paramref name="connectionId"/> for <paramref name="duration"/> (a longer hold already set is
    /// kept), on every instance: WhatsApp answered 130429 (the number's throughput was exceeded), so every message on
    /// the number waits, whatever campaign or conversation it belongs to.
    /// </summary>
    Task HoldAsync(Guid connectionId, TimeSpan duration, CancellationToken cancellationToken);
}

/// <summary>The spacing rules both limiters share.</summary>
internal static class SendPacing
{
    /// <summary>
    /// How far behind its schedule a connection may catch up with back-to-back tokens (its missed slots, so a late
    /// sender does not lower the rate); a connection further behind (idle) starts a new schedule, without a burst.
    /// </summary>
    public static readonly TimeSpan CatchUp = TimeSpan.FromMilliseconds(100);

    /// <summary>The least time between two tokens of a connection: one budget-th of a second, rounded up to the microsecond.</summary>
    public static long IntervalMicroseconds(int perSecond) => (1_000_000 + perSecond - 1) / perSecond;
}
