using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Users;

public sealed class UsersTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private HttpClient Admin() => fixture.App.CreateClient().WithBearer(fixture.AdminToken);

    [Fact]
    public async Task Create_ValidUser_Returns201WithIdAndLocation()
    {
        using var admin = Admin();
        var email = $"new-{Guid.NewGuid():N}@example.test";

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = "  Ana Pérez ", role = "AGENTE", password = "Temporary-password-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Ana Pérez", body.GetProperty("fullName").GetString());
        Assert.Equal("AGENTE", body.GetProperty("role").GetString());
        Assert.True(body.GetProperty("mustChangePassword").GetBoolean());
        var fetched = await (await admin.GetAsync($"/api/v1/users/{id}")).ReadJsonAsync();
        Assert.Equal(email, fetched.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Create_EmailDifferingOnlyInCase_Returns409AndStoresNothing()
    {
        using var admin = Admin();
        var local = $"dup-{Guid.NewGuid():N}";
        var first = await admin.PostAsJsonAsync("/api/v1/users", new { email = $"{local}@example.test", fullName = "First", role = "AGENTE", password = "Temporary-password-1" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var second = await admin.PostAsJsonAsync("/api/v1/users", new { email = $"{local.ToUpperInvariant()}@EXAMPLE.test", fullName = "Second", role = "SUPERVISOR", password = "Temporary-password-1" });

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "users.email_taken");
        var normalized = $"{local}@example.test";
        var count = await fixture.App.QueryAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == normalized));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Create_ConcurrentSameEmail_ExactlyOneWins()
    {
        var email = $"race-{Guid.NewGuid():N}@example.test";
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            using var admin = Admin();
            return await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = $"Racer {i}", role = "AGENTE", password = "Temporary-password-1" });
        });

        var responses = await Task.WhenAll(attempts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400PerFieldAndStoresNothing()
    {
        using var admin = Admin();
        var before = await fixture.App.QueryAsync(db => db.Users.CountAsync());

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "not-an-email", fullName = "<script>x</script>", role = "AGENTE", password = "short" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("fullName", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.Equal(before, await fixture.App.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Create_UnknownRole_Returns400()
    {
        using var admin = Admin();

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "x@example.test", fullName = "X", role = "OWNER", password = "Temporary-password-1" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_FiltersByRoleActiveAndSearch_AndPages()
    {
        using var admin = Admin();
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            var r = await admin.PostAsJsonAsync("/api/v1/users", new { email = $"sup{i}-{tag}@example.test", fullName = $"Supervisor {tag} {i}", role = "SUPERVISOR", password = "Temporary-password-1" });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }

        var page1 = await (await admin.GetAsync($"/api/v1/users?role=SUPERVISOR&active=true&search={tag.ToUpperInvariant()}&page=1&pageSize=2")).ReadJsonAsync();
        var page2 = await (await admin.GetAsync($"/api/v1/users?role=SUPERVISOR&search={tag}&page=2&pageSize=2")).ReadJsonAsync();
        var agents = await (await admin.GetAsync($"/api/v1/users?role=AGENTE&search={tag}")).ReadJsonAsync();

        Assert.Equal(3, page1.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        Assert.Equal(1, page2.GetProperty("items").GetArrayLength());
        Assert.Equal(0, agents.GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=abc")]
    [InlineData("role=OWNER")]
    public async Task List_BadQuery_Returns400Problem(string query)
    {
        using var admin = Admin();

        var response = await admin.GetAsync($"/api/v1/users?{query}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        using var admin = Admin();

        var response = await admin.GetAsync($"/api/v1/users/{Guid.NewGuid()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "users.not_found");
    }

    [Fact]
    public async Task Update_ChangesNameAndRole()
    {
        var user = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var admin = Admin();

        var response = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { fullName = "Renamed", role = "SUPERVISOR", isActive = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("Renamed", body.GetProperty("fullName").GetString());
        Assert.Equal("SUPERVISOR", body.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Update_MissingIsActive_Returns400AndChangesNothing()
    {
        var user = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var admin = Admin();

        var response = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { fullName = "Renamed", role = "SUPERVISOR" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var unchanged = await (await admin.GetAsync($"/api/v1/users/{user.Id}")).ReadJsonAsync();
        Assert.Equal("AGENTE", unchanged.GetProperty("role").GetString());
        Assert.True(unchanged.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task Update_DeactivateThroughPut_RevokesSessions()
    {
        var user = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var admin = Admin();

        var response = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}", new { fullName = "Leaving", role = "AGENTE", isActive = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var userClient = fixture.App.CreateClient().WithBearer(user.Token);
        await (await userClient.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deactivate_Self_Returns422()
    {
        using var admin = Admin();
        var me = await (await admin.GetAsync("/api/v1/auth/me")).ReadJsonAsync();

        var response = await admin.PostAsync($"/api/v1/users/{me.GetProperty("id").GetGuid()}/deactivate", null);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "users.self_lockout");
    }

    [Theory]
    [InlineData("AGENTE")]
    [InlineData("SUPERVISOR")]
    public async Task UsersEndpoints_NonAdmin_Returns403OnEveryOperation(string role)
    {
        var caller = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, role);
        using var client = fixture.App.CreateClient().WithBearer(caller.Token);
        var target = caller.Id;

        var responses = new[]
        {
            await client.GetAsync("/api/v1/users"),
            await client.GetAsync($"/api/v1/users/{target}"),
            await client.PostAsJsonAsync("/api/v1/users", new { email = "esc@example.test", fullName = "Esc", role = "ADMIN", password = "Temporary-password-1" }),
            await client.PutAsJsonAsync($"/api/v1/users/{target}", new { fullName = "Me", role = "ADMIN", isActive = true }),
            await client.PostAsync($"/api/v1/users/{target}/deactivate", null),
            await client.PostAsync($"/api/v1/users/{target}/force-logout", null),
            await client.GetAsync("/api/v1/audit-logs"),
            await client.GetAsync("/api/v1/auth-events"),
        };

        foreach (var response in responses)
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        }

        using var admin = Admin();
        var stillSame = await (await admin.GetAsync($"/api/v1/users/{target}")).ReadJsonAsync();
        Assert.Equal(role, stillSame.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Authorization_RunsBeforeValidation_InvalidBodyFromNonAdminIs403()
    {
        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var client = fixture.App.CreateClient().WithBearer(agent.Token);

        var response = await client.PostAsJsonAsync("/api/v1/users", new { email = "", fullName = "", role = "AGENTE", password = "" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }
}
