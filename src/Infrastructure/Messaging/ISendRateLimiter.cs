namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// The per-connection send budget (<c>SendRateLimitPerSecond</c>): no one-second window holds more sends than the
/// budget. Each send takes a token before it calls WhatsApp and hands it back when WhatsApp has answered; the token
/// then still counts for one second.
/// </summary>
internal interface ISendRateLimiter
{
    /// <summary>Waits for a token of <paramref name="connectionId"/>; dispose the answer when the send has finished.</summary>
    Task<IAsyncDisposable> AcquireAsync(Guid connectionId, int perSecond, CancellationToken cancellationToken);
}
