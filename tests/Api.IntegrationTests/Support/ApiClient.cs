using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>HTTP helpers shared by the integration tests.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<HttpResponseMessage> LoginResponseAsync(this HttpClient client, string email, string password) =>
        await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    public static async Task<TokenResponse> LoginAsync(this HttpClient client, string email, string password)
    {
        var response = await client.LoginResponseAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>Asserts a problem+json answer with the given status and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.True(body.TryGetProperty("traceId", out _), "problem has a traceId");
        if (code is not null)
        {
            Assert.Equal(code, body.GetProperty("code").GetString());
        }

        return body;
    }

    /// <summary>Creates a user as the admin, then signs in as that user and sets their own password.</summary>
    public static async Task<SignedInUser> CreateSignedInUserAsync(this WhatsSuiteApp app, string adminToken, string role, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        using var admin = app.CreateClient().WithBearer(adminToken);
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = $"Test {role}", role, password = "Temporary-password-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        using var client = app.CreateClient();
        var first = await client.LoginAsync(email, "Temporary-password-1");
        Assert.True(first.MustChangePassword);
        var changed = await client.WithBearer(first.AccessToken).PostAsJsonAsync(
            "/api/v1/auth/change-password", new { currentPassword = "Temporary-password-1", newPassword = SignedInUser.Password });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var token = (await changed.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
        return new SignedInUser(id, email, token.AccessToken);
    }
}

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, int RefreshExpiresIn, bool MustChangePassword);

public sealed record SignedInUser(Guid Id, string Email, string Token)
{
    public const string Password = "Chosen-password-42";
}
