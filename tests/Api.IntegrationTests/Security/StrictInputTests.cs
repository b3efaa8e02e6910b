using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// Request bodies are read strictly: unknown properties, duplicate properties (compared case-insensitively, as
/// binding does), numbers sent as strings and JSON in a charset other than UTF-8 are refused with a 4xx problem that
/// names the field, and change nothing. Names refuse invisible formatting characters.
/// </summary>
public sealed class StrictInputTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static readonly string[] ReadScopes = ["users:read"];

    private WhatsSuiteApp App => fixture.App;

    [Theory]
    [InlineData("""{"name":"Ventas","nmae":"x"}""", "$.nmae", "Unknown property")]
    [InlineData("""{"name":"Ventas","isAdmin":true}""", "$.isAdmin", "Unknown property")]
    [InlineData("""{"name":"Ventas","name":"Soporte"}""", "$.name", "more than once")]
    [InlineData("""{"name":"Ventas","NAME":"Soporte"}""", "$.NAME", "more than once")]
    [InlineData("""{"name":"Ventas","agentCapacity":"5"}""", "$.agentCapacity", "JSON number")]
    public async Task CreateQueue_NonStrictJson_Returns400NamingTheFieldAndCreatesNothing(string json, string field, string message)
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var before = await App.QueryAsync(db => db.Queues.CountAsync());

        var response = await admin.PostAsync("/api/v1/queues", Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var fieldErrors), $"errors name {field}: {errors}");
        Assert.Contains(message, fieldErrors[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await App.QueryAsync(db => db.Queues.CountAsync()));
    }

    [Fact]
    public async Task CreateQueue_StrictJson_IsStillAccepted()
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.PostAsync("/api/v1/queues", Json($$"""{"name":"Queue {{Guid.NewGuid():N}}","agentCapacity":5}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Login_DuplicatePasswordProperty_Returns400WithoutSigningIn()
    {
        using var client = App.CreateClient();
        var json = $$"""{"email":"{{WhatsSuiteApp.AdminEmail}}","password":"wrong-password-123","Password":"{{WhatsSuiteApp.AdminPassword}}"}""";

        var response = await client.PostAsync("/api/v1/auth/login", Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.Password", out _));
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=\"no-such-charset\"")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/problem+json; charset=latin1")]
    public async Task Post_JsonInACharsetOtherThanUtf8_Returns415ProblemWithoutAnErrorLog(string contentType)
    {
        using var client = App.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"email":"a@example.com","password":"whatever-password"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var errorsBefore = ErrorLines();

        var response = await client.PostAsync("/api/v1/auth/login", content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(errorsBefore, ErrorLines());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=utf8")]
    [InlineData("application/json")]
    public async Task Login_Utf8JsonCharset_IsRead(string contentType)
    {
        using var client = App.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"email":"{{WhatsSuiteApp.AdminEmail}}","password":"{{WhatsSuiteApp.AdminPassword}}"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await client.PostAsync("/api/v1/auth/login", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("\u202Egnp.exe")]
    [InlineData("Ven\u200Btas")]
    [InlineData("\uFEFFVentas")]
    [InlineData("Ven\u2066tas")]
    [InlineData("ad\u200Dmin")]
    public async Task Names_InvisibleFormattingCharacters_Return400NamingTheFieldAndChangeNothing(string name)
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var contactId = await new ConversationSeeder(App, fixture.AdminToken).ContactAsync(profileName: "Cliente");
        var before = await SnapshotAsync();

        var answers = new (string Field, HttpResponseMessage Response)[]
        {
            ("name", await admin.PostAsJsonAsync("/api/v1/queues", new { name })),
            ("name", await admin.PostAsJsonAsync("/api/v1/connections", new { name, provider = "sandbox", phoneNumberId = "pn1", displayNumber = "15550100002" })),
            ("name", await admin.PostAsJsonAsync("/api/v1/api-keys", new { name, scopes = ReadScopes })),
            ("fullName", await admin.PostAsJsonAsync("/api/v1/users", new { email = $"{Guid.NewGuid():N}@example.com", fullName = name, role = "AGENTE", password = "a-temporary-password" })),
            ("displayName", await admin.PatchAsJsonAsync($"/api/v1/contacts/{contactId}", new { displayName = name })),
        };

        foreach (var (field, response) in answers)
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Contains("invisible formatting", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Names_EmojiSequenceWithZeroWidthJoiner_IsAccepted()
    {
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Soporte 👩‍💻 {Guid.NewGuid():N}" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static StringContent Json(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private int ErrorLines() => App.Logs.Count(l => l.Split(' ', 3) is [_, "Error" or "Critical", ..]);

    private Task<string> SnapshotAsync() => App.QueryAsync(async db => string.Join(
        '/',
        await db.Queues.CountAsync(),
        await db.Connections.CountAsync(),
        await db.ApiKeys.CountAsync(),
        await db.Users.CountAsync(),
        await db.Contacts.CountAsync(c => c.DisplayName != null)));
}
