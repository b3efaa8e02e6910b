using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Queues.SetQueueResponseTarget;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Presence;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Dashboards;

/// <summary>
/// PostgreSQL's own computation of the dashboards' statistics (counts, nearest-rank percentiles, breaches, counts per
/// bucket) gives what <see cref="ComputedDashboardStatistics"/>, the embedded database's, gives from the same rows: for
/// every key, in every scope, on waits and closings with many equal lengths, answered a second either side of their
/// target or exactly on it, unanswered for a microsecond more or less than it, without a queue, of a queue no longer
/// there, answered by nobody and held by nobody; and presence time on stretches to the microsecond across the periods'
/// bounds.
/// </summary>
public sealed class DashboardStatisticsTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly DateOnly Start = new(2021, 5, 1);

    [Fact]
    public async Task Statistics_RandomWaitsAndClosings_PostgresEqualsComputedForEveryKeyAndScope()
    {
        var queues = new[] { await Seed.QueueAsync(), await Seed.QueueAsync() };
        var admin = await Seed.UserAsync(Role.ADMIN);
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueResponseTargetCommand(queues[1], 600))).IsSuccess);
        var gone = Guid.NewGuid();
        var now = new DateTimeOffset(Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(10).AddTicks(5_000_003);
        await GenerateAsync([queues[0], queues[1], Guid.Empty, gone], now, seed: 7);
        await AroundTheTargetsAsync([(queues[0], 300), (queues[1], 600), (Guid.Empty, 300), (gone, 300)], now);

        DashboardScope[] scopes = [new(null), new([Guid.Empty, queues[0]]), new([queues[1]]), new([gone]), new([])];
        string[] zones = ["Pacific/Chatham", "UTC", "America/New_York"];
        await using var services = fixture.Services.CreateAsyncScope();
        var database = services.ServiceProvider.GetRequiredService<IDashboardStatistics>();
        Assert.IsNotType<ComputedDashboardStatistics>(database);
        var computed = new ComputedDashboardStatistics(services.ServiceProvider.GetRequiredService<DashboardReader>());
        foreach (var zone in zones)
        {
            var period = DashboardPeriod.Resolve(Start.AddDays(3), Start.AddDays(17), zone, DateTimeOffset.UtcNow);
            foreach (var scope in scopes)
            {
                try
                {
                    await AssertSameAsync(computed, database, scope, period, now);
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    throw new Xunit.Sdk.XunitException($"In {zone}, scope [{string.Join(", ", scope.QueueKeys ?? [])}]: {e.Message}");
                }
            }
        }

        var everything = DashboardPeriod.Resolve(Start.AddDays(3), Start.AddDays(17), "UTC", DateTimeOffset.UtcNow);
        var perQueue = await database.FirstResponsesAsync(new DashboardScope(null), everything, FigureKey.Queue, now, default);
        Assert.True(perQueue[gone].Answered > 100 && perQueue[Guid.Empty].SlaBreaches > 0, "the data set has waits of every kind of queue key, some breaching");
        Assert.Contains(perQueue.Values, r => r.SlaBreaches > 0 && r.SlaBreaches < r.Answered + r.Unanswered);
    }

    [Fact]
    public async Task Statistics_PeriodWithoutRows_GiveOneEmptyRowForTheWholeScopeAndNoneByKey()
    {
        var period = DashboardPeriod.Resolve(new DateOnly(2001, 1, 1), new DateOnly(2001, 1, 31), "UTC", DateTimeOffset.UtcNow);
        await using var services = fixture.Services.CreateAsyncScope();
        var database = services.ServiceProvider.GetRequiredService<IDashboardStatistics>();
        var computed = new ComputedDashboardStatistics(services.ServiceProvider.GetRequiredService<DashboardReader>());
        foreach (var statistics in new[] { database, computed })
        {
            var scope = new DashboardScope(null);
            var firstResponses = Assert.Single(await statistics.FirstResponsesAsync(scope, period, FigureKey.All, DateTimeOffset.UtcNow, default));
            Assert.Equal(KeyValuePair.Create(Guid.Empty, new FirstResponseFigures(0, 0, null, null, 0)), firstResponses);
            Assert.Equal(KeyValuePair.Create(Guid.Empty, new ResolutionFigures(0, null, null)), Assert.Single(await statistics.ResolutionsAsync(scope, period, FigureKey.All, default)));
            Assert.Empty(await statistics.FirstResponsesAsync(scope, period, FigureKey.Queue, DateTimeOffset.UtcNow, default));
            Assert.Empty(await statistics.ResolutionsAsync(scope, period, FigureKey.Agent, default));
            Assert.Empty(await statistics.AnsweredPerBucketAsync(scope, period, default));
            Assert.Empty(await statistics.PresenceAsync(period, default));
        }
    }

    private Seeder Seed => fixture.Seed;

    private static async Task AssertSameAsync(ComputedDashboardStatistics expected, IDashboardStatistics actual, DashboardScope scope, DashboardPeriod period, DateTimeOffset now)
    {
        foreach (var by in Enum.GetValues<FigureKey>())
        {
            Assert.Equal(await expected.FirstResponsesAsync(scope, period, by, now, default), await actual.FirstResponsesAsync(scope, period, by, now, default));
            Assert.Equal(await expected.ResolutionsAsync(scope, period, by, default), await actual.ResolutionsAsync(scope, period, by, default));
        }

        Assert.Equal(
            (await expected.AnsweredPerBucketAsync(scope, period, default)).OrderBy(b => b.Bucket),
            (await actual.AnsweredPerBucketAsync(scope, period, default)).OrderBy(b => b.Bucket));
        Assert.Equal(
            (await expected.ResolvedPerBucketAsync(scope, period, default)).OrderBy(b => b.Bucket),
            (await actual.ResolvedPerBucketAsync(scope, period, default)).OrderBy(b => b.Bucket));
        Assert.Equal(await expected.PresenceAsync(period, default), await actual.PresenceAsync(period, default));
    }

    /// <summary>
    /// 3,000 waits (one in five unanswered) and 1,500 closings (one in five held by nobody) over 20 days from
    /// <see cref="Start"/> (before and after <paramref name="now"/>), in <paramref name="queueKeys"/>, answered or held by
    /// one of five users, lasting a few seconds (many equal), a second either side of a target or exactly it, or up to two
    /// hours.
    /// </summary>
    private async Task GenerateAsync(Guid[] queueKeys, DateTimeOffset now, int seed)
    {
        var random = new Random(seed);
        var users = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var origin = new DateTimeOffset(Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        int[] targets = [299, 300, 301, 599, 600, 601];
        int Length() => random.Next(4) switch
        {
            0 => random.Next(0, 40),
            1 => targets[random.Next(targets.Length)],
            _ => random.Next(0, 7200),
        };
        await fixture.ChangeAsync(db =>
        {
            for (var i = 0; i < 3000; i++)
            {
                var started = origin.AddSeconds(random.Next(0, 20 * 24 * 3600));
                var answered = random.Next(5) != 0;
                db.ResponseEpisodes.Add(ResponseEpisode.Create(
                    Guid.NewGuid(),
                    started,
                    queueKeys[random.Next(queueKeys.Length)],
                    answered ? started.AddSeconds(Length()) : null,
                    answered ? users[random.Next(users.Length)] : null));
            }

            for (var i = 0; i < 1500; i++)
            {
                var closed = origin.AddSeconds(random.Next(0, 20 * 24 * 3600));
                db.ConversationResolutions.Add(ConversationResolution.Record(
                    Guid.NewGuid(),
                    queueKeys[random.Next(queueKeys.Length)] is var key && key == Guid.Empty ? null : key,
                    random.Next(5) == 0 ? null : users[random.Next(users.Length)],
                    closed.AddSeconds(-Length()),
                    closed));
            }

            // Presence stretches of up to ten hours, to the microsecond, available or away, some across a period's bounds.
            for (var i = 0; i < 600; i++)
            {
                var started = origin.AddSeconds(random.Next(0, 20 * 24 * 3600)).AddTicks(random.Next(0, 100_000) * 10);
                var availability = random.Next(3) == 0 ? Availability.Away : Availability.Available;
                db.PresenceIntervals.Add(PresenceInterval.Start(users[random.Next(users.Length)], availability, started, started.AddSeconds(random.Next(0, 36_000)).AddTicks(random.Next(0, 100_000) * 10)));
            }

            return Task.CompletedTask;
        });
        Assert.InRange(now, origin, origin.AddDays(20));
    }

    /// <summary>
    /// Unanswered waits of each queue key that have waited, at <paramref name="now"/> (to the microsecond the database
    /// keeps), a microsecond more than their <c>Target</c>, exactly it, and a microsecond less.
    /// </summary>
    private async Task AroundTheTargetsAsync((Guid Queue, int Target)[] queueKeys, DateTimeOffset now)
    {
        var microseconds = now.AddTicks(-(now.UtcTicks % 10));
        await fixture.ChangeAsync(db =>
        {
            foreach (var (queue, target) in queueKeys)
            {
                foreach (var offset in new[] { -10, 0, 10 })
                {
                    db.ResponseEpisodes.Add(ResponseEpisode.Create(Guid.NewGuid(), microseconds.AddSeconds(-target).AddTicks(offset), queue, null, null));
                }
            }

            return Task.CompletedTask;
        });
    }
}
