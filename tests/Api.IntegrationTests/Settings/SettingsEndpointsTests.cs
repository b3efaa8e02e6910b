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

        var put = await admin.PutAsJsonAsync("/api/v1/settings", new { autoAssignIntervalMinutes = 5 });
        var get = await admin.GetAsync("/api/v1/settings");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(5, (await put.ReadJsonAsync()).GetProperty("autoAssignIntervalMinutes").GetInt32());
        Assert.Equal(5, (await get.ReadJsonAsync()).GetProperty("autoAssignIntervalMinutes").GetInt32());
    }

    [Fact]
    public async Task Put_BadOrMissingValue_Answers400WithTheFieldAndChangesNothing()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var before = await fixture.App.QueryAsync(db => db.SystemSettings.SingleAsync());

        var uneven = await admin.PutAsJsonAsync("/api/v1/settings", new { autoAssignIntervalMinutes = 7 });
        var missing = await admin.PutAsJsonAsync("/api/v1/settings", new { });

        Assert.True((await uneven.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("autoAssignIntervalMinutes", out _));
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before.Version, (await fixture.App.QueryAsync(db => db.SystemSettings.SingleAsync())).Version);
    }
}
