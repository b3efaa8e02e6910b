using System.Net;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Audit;

/// <summary>Two instances append to one chain at the same time; the advisory lock keeps it linear.</summary>
public sealed class AuditChainConcurrencyTests
{
    private const int Requests = 24;

    [Fact]
    public async Task Verify_ManyConcurrentCommandsOnTwoInstances_StaysIntactWithGapFreeSequences()
    {
        await using var database = await TestDatabase.CreateAsync();
        var prefix = $"test-{Guid.NewGuid():N}";
        await using var first = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(database, prefix, "test-1"));
        await using var second = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(database, prefix, "test-2"));
        using var one = first.CreateClient();
        var token = (await one.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        one.WithBearer(token);
        using var two = second.CreateClient().WithBearer(token);
        var before = await database.QueryAsync(db => db.AuditLogs.LongCountAsync());

        // 12 in flight per instance. With 30 per instance on a 2-core test machine, the session check's Redis
        // call (before the pipeline, unrelated to the chain) times out under thread-pool starvation and answers 500.
        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i =>
            (i % 2 == 0 ? one : two).PostAsync($"/api/v1/users/{Guid.NewGuid()}/force-logout", null)));

        var errors = string.Join('\n', first.Logs.Concat(second.Logs).Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(3));
        Assert.True(responses.All(r => r.StatusCode == HttpStatusCode.NotFound), errors);
        var rows = await database.QueryAsync(db => db.AuditLogs.LongCountAsync());
        Assert.Equal(before + Requests, rows);
        Assert.Equal(rows, await database.QueryAsync(db => db.AuditLogs.MaxAsync(a => a.Sequence)));
        Assert.Equal(rows, await database.QueryAsync(db => db.AuditLogs.Select(a => a.Sequence).Distinct().LongCountAsync()));
        Assert.Equal(1, await database.QueryAsync(db => db.AuditLogs.MinAsync(a => a.Sequence)));
        var verdict = await (await two.GetAsync("/api/v1/audit-logs/verify")).ReadJsonAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
        Assert.Equal(rows, verdict.GetProperty("rowsChecked").GetInt64());
    }
}
