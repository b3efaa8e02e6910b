using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Queues.SetQueueResponseTarget;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Dashboards;

/// <summary>
/// PostgreSQL's own computation of the dashboards' statistics (counts, nearest-rank percentiles, breaches, counts per
/// bucket) gives what <see cref="ComputedDashboardStatistics"/>, the embedded database's, gives from the same rows: for
/// every key, in every scope, on waits and closings with many equal lengths, without a queue, of a queue no longer
/// there, answered by nobody and held by nobody.
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
        await GenerateAsync([queues[0], queues[1], Guid.Empty, gone], seed: 7);

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
                    await AssertSameAsync(computed, database, scope, period);
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    throw new Xunit.Sdk.XunitException($"In {zone}, scope [{string.Join(", ", scope.QueueKeys ?? [])}]: {e.Message}");
                }
            }
        }

        var everything = DashboardPeriod.Resolve(Start.AddDays(3), Start.AddDays(17), "UTC", DateTimeOffset.UtcNow);
        var answered = (await database.AnsweredAsync(new DashboardScope(null), everything, FigureKey.Queue, default)).ToDictionary(r => r.Key);
        Assert.True(answered[gone].Answered > 100 && answered[Guid.Empty].Breaches > 0, "the data set has waits of every kind of queue key, some breaching");
        Assert.Contains(answered.Values, r => r.Breaches > 0 && r.Breaches < r.Answered);
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
            Assert.Equal(new AnsweredFigures(Guid.Empty, 0, null, null, 0), Assert.Single(await statistics.AnsweredAsync(scope, period, FigureKey.All, default)));
            Assert.Equal(new ResolvedFigures(Guid.Empty, 0, null, null), Assert.Single(await statistics.ResolvedAsync(scope, period, FigureKey.All, default)));
            Assert.Empty(await statistics.AnsweredAsync(scope, period, FigureKey.Queue, default));
            Assert.Empty(await statistics.ResolvedAsync(scope, period, FigureKey.Agent, default));
            Assert.Empty(await statistics.AnsweredPerBucketAsync(scope, period, default));
        }
    }

    private Seeder Seed => fixture.Seed;

    private static async Task AssertSameAsync(ComputedDashboardStatistics expected, IDashboardStatistics actual, DashboardScope scope, DashboardPeriod period)
    {
        foreach (var by in Enum.GetValues<FigureKey>())
        {
            Assert.Equal(
                (await expected.AnsweredAsync(scope, period, by, default)).OrderBy(r => r.Key),
                (await actual.AnsweredAsync(scope, period, by, default)).OrderBy(r => r.Key));
            Assert.Equal(
                (await expected.ResolvedAsync(scope, period, by, default)).OrderBy(r => r.Key),
                (await actual.ResolvedAsync(scope, period, by, default)).OrderBy(r => r.Key));
        }

        Assert.Equal(
            (await expected.AnsweredPerBucketAsync(scope, period, default)).OrderBy(b => b.Bucket),
            (await actual.AnsweredPerBucketAsync(scope, period, default)).OrderBy(b => b.Bucket));
        Assert.Equal(
            (await expected.ResolvedPerBucketAsync(scope, period, default)).OrderBy(b => b.Bucket),
            (await actual.ResolvedPerBucketAsync(scope, period, default)).OrderBy(b => b.Bucket));
    }

    /// <summary>
    /// 3,000 waits (one in five unanswered) and 1,500 closings (one in five held by nobody) over 20 days from
    /// <see cref="Start"/>, in <paramref name="queueKeys"/>, answered or held by one of five users, lasting a few seconds
    /// (many equal), a second either side of a target or exactly it, or up to two hours.
    /// </summary>
    private async Task GenerateAsync(Guid[] queueKeys, int seed)
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

            return Task.CompletedTask;
        });
    }
}
