using WhatsSuite.Infrastructure.Messaging;

namespace WhatsSuite.Api.IntegrationTests.Messages;

/// <summary>
/// The per-connection send budget on a virtual clock (every wait passes at once in virtual time, so the figures are
/// exact): sends are spread evenly over each second, no one-second window holds more than the budget whatever the
/// latency, the rate holds over every ten seconds, and a hold after 130429 stops every send of the connection.
/// </summary>
public sealed class SendRateLimiterTests
{
    private static readonly Guid Connection = Guid.NewGuid();

    /// <summary>
    /// Takes <paramref name="count"/> tokens as fast as the limiter gives them, as the outbox does (it does not wait for
    /// one send to finish before taking the next token); each send is answered <paramref name="latency"/> after its
    /// token was given, and its token handed back then. Answers when each token was given.
    /// </summary>
    private static async Task<List<DateTimeOffset>> SendAsync(ConnectionSendRateLimiter limiter, VirtualClock clock, int count, int perSecond, TimeSpan latency)
    {
        var starts = new List<DateTimeOffset>(count);
        for (var i = 0; i < count; i++)
        {
            var token = await limiter.AcquireAsync(Connection, perSecond, CancellationToken.None);
            starts.Add(clock.GetUtcNow());
            clock.At(clock.GetUtcNow() + latency, () => token.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        clock.Advance(latency);
        return starts;
    }

    [Theory]
    [InlineData(20, 0)]
    [InlineData(20, 30)]
    [InlineData(80, 5)]
    [InlineData(1000, 2)]
    public async Task AcquireAsync_TwelveSecondsOfSends_NeverAboveTheBudgetInAnySecondAndWithin5PercentOverTenSeconds(int perSecond, int latencyMs)
    {
        var clock = new VirtualClock();
        var starts = await SendAsync(new ConnectionSendRateLimiter(clock), clock, perSecond * 12, perSecond, TimeSpan.FromMilliseconds(latencyMs));

        // No window [t, t + 1 s) holds more than the budget: the (budget + 1)-th send after any send is a second later or more.
        for (var i = 0; i + perSecond < starts.Count; i++)
        {
            Assert.True(starts[i + perSecond] - starts[i] >= TimeSpan.FromSeconds(1), $"send {i + perSecond} came {(starts[i + perSecond] - starts[i]).TotalMilliseconds} ms after send {i}");
        }

        // Every ten-second window from the first send holds the budget's ten seconds within 5 % (never above, by the above).
        for (var i = 0; starts[i] + TimeSpan.FromSeconds(10) <= starts[^1]; i++)
        {
            var inWindow = starts.Count(s => s >= starts[i] && s < starts[i] + TimeSpan.FromSeconds(10));
            Assert.InRange(inWindow, (int)Math.Ceiling(perSecond * 10 * 0.95), perSecond * 10);
        }

        // Spread over the second, not a burst at its start: no two sends closer than half the interval.
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        Assert.All(starts.Zip(starts.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= interval / 2, $"two sends {gap.TotalMilliseconds} ms apart"));
    }

    [Fact]
    public async Task AcquireAsync_IdleConnection_StartsWithoutABurst()
    {
        var clock = new VirtualClock();
        var limiter = new ConnectionSendRateLimiter(clock);
        await SendAsync(limiter, clock, 5, 20, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromMinutes(1));

        var starts = await SendAsync(limiter, clock, 5, 20, TimeSpan.Zero);

        Assert.All(starts.Zip(starts.Skip(1), (a, b) => b - a), gap => Assert.Equal(TimeSpan.FromMilliseconds(50), gap));
    }

    [Fact]
    public async Task HoldAsync_ThrottledConnection_GivesNoTokenUntilTheHoldEndsAndOtherConnectionsGoOn()
    {
        var clock = new VirtualClock();
        var limiter = new ConnectionSendRateLimiter(clock);
        await SendAsync(limiter, clock, 3, 20, TimeSpan.Zero);
        var heldAt = clock.GetUtcNow();

        await limiter.HoldAsync(Connection, TimeSpan.FromSeconds(2), CancellationToken.None);
        await limiter.HoldAsync(Connection, TimeSpan.FromSeconds(1), CancellationToken.None);
        var other = await limiter.AcquireAsync(Guid.NewGuid(), 20, CancellationToken.None);
        Assert.Equal(heldAt, clock.GetUtcNow());
        await other.DisposeAsync();

        var next = await SendAsync(limiter, clock, 1, 20, TimeSpan.Zero);
        Assert.Equal(heldAt + TimeSpan.FromSeconds(2), next[0]);
    }

    /// <summary>
    /// A clock for one caller at a time: a timer (a <c>Task.Delay</c>) moves the time to its due time and fires at once,
    /// so waits take no real time and every figure is exact.
    /// </summary>
    private sealed class VirtualClock : TimeProvider
    {
        private readonly List<(DateTimeOffset At, Action Action)> _scheduled = [];
        private DateTimeOffset _now = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        /// <summary>Runs <paramref name="action"/> when the time reaches <paramref name="at"/> (at once when it has).</summary>
        public void At(DateTimeOffset at, Action action)
        {
            _scheduled.Add((at, action));
            Advance(TimeSpan.Zero);
        }

        /// <summary>Moves the time on, running what was scheduled on the way, each at its own time.</summary>
        public void Advance(TimeSpan by)
        {
            var target = _now + by;
            while (_scheduled.Where(s => s.At <= target).OrderBy(s => s.At).Select(s => ((DateTimeOffset At, Action Action)?)s).FirstOrDefault() is { } next)
            {
                _scheduled.Remove(next);
                _now = next.At > _now ? next.At : _now;
                next.Action();
            }

            _now = target;
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ArgumentNullException.ThrowIfNull(callback);
            Advance(dueTime > TimeSpan.Zero ? dueTime : TimeSpan.Zero);
            callback(state);
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
