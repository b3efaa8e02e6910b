namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// The per-connection send budget of this process (<c>SendRateLimitPerSecond</c>): a token bucket of that
/// many tokens where each spent token comes back one second after its send finished. So no one-second
/// window ever holds more than the budget of sends, whatever the gateway's latency. These buckets belong to one
/// instance: in embedded mode (one instance) they are the budget; in server mode with Redis the shared
/// <see cref="RedisSendRateLimiter"/> is, and falls back to these while Redis is unavailable (see
/// docs/decisions/0012-outbox-dispatch.md).
/// </summary>
internal sealed class ConnectionSendRateLimiter(TimeProvider clock) : ISendRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>How long to look again when every token is still out with a send in flight.</summary>
    private static readonly TimeSpan InFlightRecheck = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<Guid, Queue<Token>> _buckets = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock = clock;

    /// <summary>Waits for a token of <paramref name="connectionId"/>; dispose the answer when the send has finished.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(Guid connectionId, int perSecond, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                if (!_buckets.TryGetValue(connectionId, out var spent))
                {
                    spent = new Queue<Token>();
                    _buckets[connectionId] = spent;
                }

                var now = _clock.GetUtcNow();
                while (spent.Count > 0 && spent.Peek().FinishedAt is { } finished && finished + Window <= now)
                {
                    spent.Dequeue();
                }

                if (spent.Count < perSecond)
                {
                    var token = new Token(this);
                    spent.Enqueue(token);
                    return token;
                }

                wait = spent.Peek().FinishedAt is { } oldest ? oldest + Window - now : InFlightRecheck;
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _clock, cancellationToken);
        }
    }

    private sealed class Token(ConnectionSendRateLimiter owner) : IAsyncDisposable
    {
        public DateTimeOffset? FinishedAt { get; private set; }

        public ValueTask DisposeAsync()
        {
            lock (owner._gate)
            {
                FinishedAt ??= owner._clock.GetUtcNow();
            }

            return ValueTask.CompletedTask;
        }
    }
}
