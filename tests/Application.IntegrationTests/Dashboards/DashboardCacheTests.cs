using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Infrastructure.Caching;

namespace WhatsSuite.Application.IntegrationTests.Dashboards;

/// <summary>
/// Server mode's dashboard cache on real Redis and PostgreSQL: a view is computed once however many callers miss it
/// together, is answered from Redis until new figures change the rollups' version, and a caller that gave up does not
/// take the others' answer with it. Each test uses a period of its own, so its keys are its own.
/// </summary>
public sealed class DashboardCacheTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly DashboardScope Everything = new((IReadOnlyList<Guid>?)null);

    [Fact]
    public async Task GetOrAdd_TwentyCallersMissTogether_ComputesOnceAndAllGetIt()
    {
        var period = Period(2025, 1);
        var computations = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<Figures> ComputeAsync()
        {
            Interlocked.Increment(ref computations);
            await release.Task;
            return new Figures(42, "computed");
        }

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(() => GetAsync(period, ComputeAsync, CancellationToken.None))).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref computations) == 1 && fixture.Services.GetRequiredService<SingleFlight>().Running >= 1);
        await Task.Delay(200);
        release.SetResult();
        var answers = await Task.WhenAll(callers);

        Assert.Equal(1, computations);
        Assert.All(answers, answer => Assert.Equal(new Figures(42, "computed"), answer));
        Assert.Equal(0, fixture.Services.GetRequiredService<SingleFlight>().Running);
    }

    [Fact]
    public async Task GetOrAdd_AfterTheRollupsChangedAFigure_ComputesAgain()
    {
        var period = Period(2025, 2);
        var computations = 0;
        Task<Figures> ComputeAsync() => Task.FromResult(new Figures(Interlocked.Increment(ref computations), "computed"));

        var first = await GetAsync(period, ComputeAsync, CancellationToken.None);
        var cached = await GetAsync(period, ComputeAsync, CancellationToken.None);
        await fixture.ChangeAsync(async db =>
        {
            var state = await db.DashboardRollupStates.SingleAsync(s => s.Id == DashboardRollupState.SingletonId);
            state.Advance(state.Watermark, changed: true, DateTimeOffset.UtcNow);
        });
        var afterNewFigures = await GetAsync(period, ComputeAsync, CancellationToken.None);

        Assert.Equal(1, first.Count);
        Assert.Equal(1, cached.Count);
        Assert.Equal(2, afterNewFigures.Count);
    }

    [Fact]
    public async Task GetOrAdd_TheComputingCallerGivesUp_AWaitingCallerComputesItsOwn()
    {
        var period = Period(2025, 3);
        var computations = 0;
        using var firstGivesUp = new CancellationTokenSource();
        var first = GetAsync(period, async () =>
        {
            Interlocked.Increment(ref computations);
            await Task.Delay(Timeout.Infinite, firstGivesUp.Token);
            return new Figures(1, "never");
        }, firstGivesUp.Token);
        await WaitUntilAsync(() => Volatile.Read(ref computations) == 1);
        var second = GetAsync(period, () =>
        {
            Interlocked.Increment(ref computations);
            return Task.FromResult(new Figures(2, "second"));
        }, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(second.IsCompleted);

        await firstGivesUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(new Figures(2, "second"), await second);
        Assert.Equal(2, computations);
    }

    [Fact]
    public async Task GetOrAdd_TheComputationFails_EveryWaitingCallerFailsAndTheNextOneComputes()
    {
        var period = Period(2025, 4);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        async Task<Figures> FailAsync()
        {
            Interlocked.Increment(ref started);
            await release.Task;
            throw new InvalidOperationException("database gone");
        }

        var callers = Enumerable.Range(0, 5).Select(_ => Task.Run(() => GetAsync(period, FailAsync, CancellationToken.None))).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref started) == 1);
        await Task.Delay(200);
        release.SetResult();

        foreach (var caller in callers)
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => caller);
            Assert.Equal("database gone", failure.Message);
        }

        Assert.Equal(1, started);
        Assert.Equal(new Figures(7, "later"), await GetAsync(period, () => Task.FromResult(new Figures(7, "later")), CancellationToken.None));
    }

    private static DashboardPeriod Period(int year, int month) =>
        new(new DateOnly(year, month, 1), new DateOnly(year, month, 28), TimeZoneInfo.Utc);

    private async Task<Figures> GetAsync(DashboardPeriod period, Func<Task<Figures>> compute, CancellationToken cancellationToken)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var cache = scope.ServiceProvider.GetRequiredService<IDashboardCache>();
        Assert.IsType<RedisDashboardCache>(cache);
        return await cache.GetOrAddAsync("cache-test", Everything, period, null, compute, cancellationToken);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 seconds.");
            await Task.Delay(10);
        }
    }

    public sealed record Figures(int Count, string Source);
}
