using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Queues;

public sealed class QueuesTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private HttpClient Admin() => fixture.App.CreateClient().WithBearer(fixture.AdminToken);

    private static async Task<Guid> CreateAsync(HttpClient client, string name, string strategy = "round_robin", int capacity = 3)
    {
        var response = await client.PostAsJsonAsync("/api/v1/queues", new { name, description = "Customers from the north", strategy, agentCapacity = capacity });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Create_ValidQueue_Returns201WithStrategyOnTheWireAndLocation()
    {
        using var admin = Admin();

        var response = await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Ventas {Guid.NewGuid():N}", strategy = "least_busy", agentCapacity = 4 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("least_busy", body.GetProperty("strategy").GetString());
        Assert.Equal(4, body.GetProperty("agentCapacity").GetInt32());
        Assert.Equal($"/api/v1/queues/{body.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Create_Defaults_AreManualAndFive()
    {
        using var admin = Admin();

        var body = await (await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Soporte {Guid.NewGuid():N}" })).ReadJsonAsync();

        Assert.Equal("manual", body.GetProperty("strategy").GetString());
        Assert.Equal(5, body.GetProperty("agentCapacity").GetInt32());
    }

    [Fact]
    public async Task Create_SameNameDifferentCase_Returns409_AndDeletedNamesAreFreeAgain()
    {
        using var admin = Admin();
        var name = $"Cobranzas {Guid.NewGuid():N}";
        var id = await CreateAsync(admin, name);

        await (await admin.PostAsJsonAsync("/api/v1/queues", new { name = name.ToUpperInvariant() })).AssertProblemAsync(HttpStatusCode.Conflict, "queues.name_taken");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/queues/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/queues", new { name })).StatusCode);
        await (await admin.GetAsync($"/api/v1/queues/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "queues.not_found");
        Assert.NotNull(await fixture.App.QueryAsync(db => db.Queues.Where(q => q.Id == id).Select(q => q.DeletedAt).SingleAsync()));
    }

    [Theory]
    [InlineData("{\"name\":\"\"}")]
    [InlineData("{\"name\":\"<b>x</b>\"}")]
    [InlineData("{\"name\":\"ok\",\"agentCapacity\":0}")]
    [InlineData("{\"name\":\"ok\",\"agentCapacity\":1001}")]
    public async Task Create_InvalidFields_Returns400AndStoresNothing(string body)
    {
        using var admin = Admin();
        var before = await fixture.App.QueryAsync(db => db.Queues.CountAsync());

        var response = await admin.PostAsync("/api/v1/queues", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(before, await fixture.App.QueryAsync(db => db.Queues.CountAsync()));
    }

    [Fact]
    public async Task Create_UnknownStrategy_Returns400()
    {
        using var admin = Admin();

        var response = await admin.PostAsJsonAsync("/api/v1/queues", new { name = "x", strategy = "random" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Members_AddTwiceRemoveAndListWithTheQueue()
    {
        using var admin = Admin();
        var id = await CreateAsync(admin, $"Postventa {Guid.NewGuid():N}");
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/v1/queues/{id}/members/{agent.Id}", null)).StatusCode);
        var again = await (await admin.PutAsync($"/api/v1/queues/{id}/members/{agent.Id}", null)).ReadJsonAsync();
        var member = Assert.Single(again.GetProperty("members").EnumerateArray());
        Assert.Equal(agent.Id, member.GetProperty("userId").GetGuid());
        Assert.Equal("AGENTE", member.GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/queues/{id}/members/{agent.Id}")).StatusCode);
        await (await admin.DeleteAsync($"/api/v1/queues/{id}/members/{agent.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "queues.not_a_member");
        Assert.Empty((await (await admin.GetAsync($"/api/v1/queues/{id}")).ReadJsonAsync()).GetProperty("members").EnumerateArray());
    }

    [Fact]
    public async Task Members_UnknownOrInactiveUser_AreRefused()
    {
        using var admin = Admin();
        var id = await CreateAsync(admin, $"Bajas {Guid.NewGuid():N}");
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{agent.Id}/deactivate", null)).StatusCode);

        await (await admin.PutAsync($"/api/v1/queues/{id}/members/{Guid.NewGuid()}", null)).AssertProblemAsync(HttpStatusCode.NotFound, "users.not_found");
        await (await admin.PutAsync($"/api/v1/queues/{id}/members/{agent.Id}", null)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "queues.inactive_user");
    }

    [Fact]
    public async Task Update_ReplacesTheFields()
    {
        using var admin = Admin();
        var id = await CreateAsync(admin, $"Reclamos {Guid.NewGuid():N}");
        var name = $"Reclamos VIP {Guid.NewGuid():N}";

        var response = await admin.PutAsJsonAsync($"/api/v1/queues/{id}", new { name, strategy = "manual", agentCapacity = 10 });

        var body = await response.ReadJsonAsync();
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("manual", body.GetProperty("strategy").GetString());
        Assert.Equal(10, body.GetProperty("agentCapacity").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("description").ValueKind);
    }

    [Fact]
    public async Task List_SearchAndPaging()
    {
        using var admin = Admin();
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(admin, $"Zona {tag} {i}");
        }

        var page = await (await admin.GetAsync($"/api/v1/queues?search={tag.ToUpperInvariant()}&pageSize=2")).ReadJsonAsync();

        Assert.Equal(3, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Supervisor_ManagesQueues_AgentCannot()
    {
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var supervisorClient = fixture.App.CreateClient().WithBearer(supervisor.Token);
        using var agentClient = fixture.App.CreateClient().WithBearer(agent.Token);

        var id = await CreateAsync(supervisorClient, $"Turno noche {Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, (await supervisorClient.PutAsync($"/api/v1/queues/{id}/members/{agent.Id}", null)).StatusCode);

        await (await agentClient.GetAsync("/api/v1/queues")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agentClient.PostAsJsonAsync("/api/v1/queues", new { name = "mine" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agentClient.DeleteAsync($"/api/v1/queues/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PutBusinessHours_WeeklyRangesAndHoliday_AnswersThemAndTheQueueSaysWhetherItIsOpen()
    {
        using var admin = Admin();
        var id = await CreateAsync(admin, $"Horario {Guid.NewGuid():N}");
        var allDay = Enum.GetNames<DayOfWeek>().Select(day => new { day = day.ToLowerInvariant(), start = "00:00", end = "24:00" }).ToArray();

        var put = await admin.PutAsJsonAsync($"/api/v1/queues/{id}/business-hours", new
        {
            timeZone = "Europe/Madrid",
            weekly = allDay,
            holidays = new[] { new { date = "2026-12-25", name = "Navidad", hours = new[] { new { start = "10:00", end = "12:00" } } } },
            outOfHoursReply = "Volvemos mañana a las 9:00.\nGracias 🙏",
        });
        var get = await (await admin.GetAsync($"/api/v1/queues/{id}/business-hours")).ReadJsonAsync();
        var queue = await (await admin.GetAsync($"/api/v1/queues/{id}")).ReadJsonAsync();
        var cleared = await admin.DeleteAsync($"/api/v1/queues/{id}/business-hours");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Europe/Madrid", get.GetProperty("timeZone").GetString());
        Assert.Equal("Volvemos mañana a las 9:00.\nGracias 🙏", get.GetProperty("outOfHoursReply").GetString());
        var monday = get.GetProperty("weekly").EnumerateArray().Single(r => r.GetProperty("day").GetString() == "monday");
        Assert.Equal(("00:00", "24:00"), (monday.GetProperty("start").GetString(), monday.GetProperty("end").GetString()));
        var holiday = Assert.Single(get.GetProperty("holidays").EnumerateArray());
        Assert.Equal(("2026-12-25", "10:00"), (holiday.GetProperty("date").GetString(), holiday.GetProperty("hours")[0].GetProperty("start").GetString()));
        Assert.Equal(JsonValueKind.Null, queue.GetProperty("nextOpenAt").ValueKind);
        Assert.Equal(JsonValueKind.True, queue.GetProperty("isOpen").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await cleared.ReadJsonAsync()).GetProperty("timeZone").ValueKind);
        Assert.Equal(2, await fixture.App.QueryAsync(db => db.QueueBusinessHoursChanges.CountAsync(c => c.QueueId == id)));
    }

    [Fact]
    public async Task PutBusinessHours_OverlapBadZoneOrNotAdmin_IsRefusedAndChangesNothing()
    {
        using var admin = Admin();
        var id = await CreateAsync(admin, $"Horario {Guid.NewGuid():N}");
        var supervisor = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var supervisorClient = fixture.App.CreateClient().WithBearer(supervisor.Token);
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var agentClient = fixture.App.CreateClient().WithBearer(agent.Token);
        var overlapping = new { timeZone = "UTC", weekly = new[] { new { day = "monday", start = "09:00", end = "14:00" }, new { day = "monday", start = "13:00", end = "18:00" } }, holidays = Array.Empty<object>() };

        var overlap = await admin.PutAsJsonAsync($"/api/v1/queues/{id}/business-hours", overlapping);
        var zone = await admin.PutAsJsonAsync($"/api/v1/queues/{id}/business-hours", new { timeZone = "Mars/Olympus", weekly = Array.Empty<object>() });

        Assert.True((await overlap.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("weekly", out _));
        Assert.True((await zone.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("timeZone", out _));
        await (await supervisorClient.PutAsJsonAsync($"/api/v1/queues/{id}/business-hours", new { timeZone = "UTC", weekly = Array.Empty<object>() })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await supervisorClient.GetAsync($"/api/v1/queues/{id}/business-hours")).StatusCode);
        await (await agentClient.GetAsync($"/api/v1/queues/{id}/business-hours")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.GetAsync($"/api/v1/queues/{Guid.NewGuid()}/business-hours")).AssertProblemAsync(HttpStatusCode.NotFound, "queues.not_found");
        Assert.Null((await fixture.App.QueryAsync(db => db.Queues.SingleAsync(q => q.Id == id))).BusinessHours);
    }
}
