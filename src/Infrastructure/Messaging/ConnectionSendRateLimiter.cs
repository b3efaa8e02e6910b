namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>
/// The per-connection send budget of this process (<c>SendRateLimitPerSecond</c>): a token bucket of that
/// many tokens where each spent token comes back one second after its send finished. So no one-second
/// window ever holds more than the budget of sends, whatever the gateway's latency. Tokens are also spaced: the next
/// one is due one budget-th of a second after the previous one's slot (<see cref="SendPacing"/>), so the budget is spread
/// over the second instead of spent at its start, and none is given while the connection is held back after a 130429.
/// These buckets belong to one instance: in embedded mode (one instance) they are the budget; in server mode with Redis
/// the shared <see cref="RedisSendRateLimiter"/> is, and falls back to these while Redis is unavailable (see
/// docs/decisions/0012-outbox-dispatch.md and 0041).
/// </summary>
internal sealed class ConnectionSendRateLimiter(TimeProvider clock) : ISendRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>How long to look again when every token is still out with a send in flight.</summary>
    private static readonly TimeSpan InFlightRecheck = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<Guid, Bucket> _buckets = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock = clock;

    /// <summary>Waits for a token of <paramref name="connectionId"/>; dispose the answer when the send has finished.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(Guid connectionId, int perSecond, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        var interval = TimeSpan.FromMicroseconds(SendPacing.IntervalMicroseconds(perSecond));
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var bucket = BucketOf(connectionId);
                var now = _clock.GetUtcNow();
                // Behind schedule by up to CatchUp: the missed slots are used now; further behind (idle): a new schedule from now.
                var slot = bucket.NextSlot >= now - SendPacing.CatchUp ? bucket.NextSlot : now;
                if (bucket.HeldUntil > now)
                {
                    wait = bucket.HeldUntil - now;
                }
                else if (slot > now)
                {
                    wait = slot - now;
                }
                else
                {
                    var spent = bucket.Spent;
                    while (spent.Count > 0 && spent.Peek().FinishedAt is { } finished && finished + Window <= now)
                    {
                        spent.Dequeue();
                    }

                    if (spent.Count < perSecond)
                    {
                        var token = new Token(this);
                        spent.Enqueue(token);
                        bucket.NextSlot = slot + interval;
                        return token;
                    }

                    wait = spent.Peek().FinishedAt is { } oldest ? oldest + Window - now : InFlightRecheck;
                }
            }

            // Whole milliseconds, at least one: a timer rounds a shorter wait down to none, which would spin.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(wait.TotalMilliseconds))), _clock, cancellationToken);
        }
    }

    public Task HoldAsync(Guid connectionId, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var bucket = BucketOf(connectionId);
            var until = _clock.GetUtcNow() + duration;
            if (until > bucket.HeldUntil)
            {
                bucket.HeldUntil = until;
            }
        }

        return Task.CompletedTask;
    }

    private Bucket BucketOf(Guid connectionId)
    {
        if (!_buckets.TryGetValue(connectionId, out var bucket))
        {
            bucket = new Bucket();
            _buckets[connectionId] = bucket;
        }

        return bucket;
    }

    private sealed class Bucket
    {
        public Queue<Token> Spent { get; } = new();

        /// <summary>When the next token is due (the previous token's slot plus the interval).</summary>
        public DateTimeOffset NextSlot { get; set; } = DateTimeOffset.MinValue;

        /// <summary>No token before this (WhatsApp throttled the number).</summary>
        public DateTimeOffset HeldUntil { get; set; } = DateTimeOffset.MinValue;
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
