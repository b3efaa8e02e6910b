using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Settings;

/// <summary>The settings' HTTP contract; their rules are tested on the handlers.</summary>
public sealed class SettingsEndpointsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task Put_WholeSettings_AnswersThemAndGetReadsThemBack()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var put = await admin.PutAsJsonAsync("/api/v1/settings", new { autoAssignIntervalMinutes = 5, inactivityWarnMinutes = 30, inactivityCloseMinutes = 120 });
        var get = await admin.GetAsync("/api/v1/settings");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(5, (await put.ReadJsonAsync()).GetProperty("autoAssignIntervalMinutes").GetInt32());
        var read = await get.ReadJsonAsync();
        Assert.Equal((5, 30, 120), (read.GetProperty("autoAssignIntervalMinutes").GetInt32(), read.GetProperty("inactivityWarnMinutes").GetInt32(), read.GetProperty("inactivityCloseMinutes").GetInt32()));
    }

    [Fact]
    public async Task PutQueueInactivity_OwnAndDefaultMinutes_AnswersTheRuleInForceOrRefusesAWarningAfterTheClose()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        await admin.PutAsJsonAsync("/api/v1/settings", new { autoAssignIntervalMinutes = 1, inactivityWarnMinutes = 15, inactivityCloseMinutes = 240 });
        var queue = (await (await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Inactividad {Guid.NewGuid():N}" })).ReadJsonAsync()).GetProperty("id").GetGuid();

        var set = await admin.PutAsJsonAsync($"/api/v1/queues/{queue}/inactivity", new { warnMinutes = (int?)null, closeMinutes = 60 });
        var backwards = await admin.PutAsJsonAsync($"/api/v1/queues/{queue}/inactivity", new { warnMinutes = 90, closeMinutes = 60 });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var rule = await set.ReadJsonAsync();
        Assert.Equal((15, 60), (rule.GetProperty("effectiveWarnMinutes").GetInt32(), rule.GetProperty("effectiveCloseMinutes").GetInt32()));
        await backwards.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var stored = await fixture.App.QueryAsync(db => db.Queues.SingleAsync(q => q.Id == queue));
        Assert.Equal(((int?)null, (int?)60), (stored.InactivityWarnMinutes, stored.InactivityCloseMinutes));
    }

    [Fact]
    public async Task Put_BadOrMissingValue_Answers400WithTheFieldAndChangesNothing()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var before = await fixture.App.QueryAsync(db => db.SystemSettings.SingleAsync());

        var uneven = await admin.PutAsJsonAsync("/api/v1/settings", new { autoAssignIntervalMinutes = 7, inactivityWarnMinutes = 0, inactivityCloseMinutes = 0 });
        var missing = await admin.PutAsJsonAsync("/api/v1/settings", new { });

        Assert.True((await uneven.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("autoAssignIntervalMinutes", out _));
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before.Version, (await fixture.App.QueryAsync(db => db.SystemSettings.SingleAsync())).Version);
    }
}
