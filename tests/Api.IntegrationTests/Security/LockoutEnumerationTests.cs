using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// The lockout does not tell which e-mails have an account: an unknown e-mail is counted and locked exactly like
/// a real one, with the same statuses, bodies and headers, and the same number of password verifications (the
/// work that decides the timing).
/// </summary>
public sealed class LockoutEnumerationTests : IAsyncLifetime
{
    private static readonly string[] VolatileHeaders = ["X-Request-Id", "Date", "Retry-After"];
    private readonly CountingHasher _hasher = new();
    private TestDatabase _database = null!;
    private WhatsSuiteApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}", "lock-enum");
        settings["LOGIN_MAX_FAILED_ATTEMPTS"] = "5";
        _app = new WhatsSuiteApp(settings, services => services.Replace(ServiceDescriptor.Singleton<IPasswordHasher>(_hasher)));
        _app.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Login_SixWrongPasswords_RealAndUnknownEmailAnswerAlikeInStatusBodyHeadersAndWork()
    {
        using var admin = _app.CreateClient();
        var user = await _app.CreateSignedInUserAsync((await admin.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken, "AGENTE");
        using var client = _app.CreateClient();

        _hasher.Reset();
        var real = await SixWrongPasswordsAsync(client, user.Email);
        var realWork = (_hasher.Verifications, _hasher.DummyVerifications);
        _hasher.Reset();
        var unknown = await SixWrongPasswordsAsync(client, $"nobody-{Guid.NewGuid():N}@example.test");
        var unknownWork = (_hasher.Verifications, _hasher.DummyVerifications);

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Locked, HttpStatusCode.Locked],
            real.Select(r => r.Status));
        for (var i = 0; i < real.Count; i++)
        {
            Assert.Equal(real[i].Status, unknown[i].Status);
            Assert.Equal(real[i].Body, unknown[i].Body);
            Assert.Equal(real[i].Headers, unknown[i].Headers);
            Assert.Equal(real[i].RetryAfter is null, unknown[i].RetryAfter is null);
            if (real[i].RetryAfter is { } realWait)
            {
                Assert.InRange(unknown[i].RetryAfter!.Value, realWait - 1, realWait + 1);
            }
        }

        Assert.Equal((5, 0), realWork);
        Assert.Equal((0, 5), unknownWork);
    }

    private static async Task<List<Answer>> SixWrongPasswordsAsync(HttpClient client, string email)
    {
        var answers = new List<Answer>();
        for (var i = 0; i < 6; i++)
        {
            var response = await client.LoginResponseAsync(email, $"Wrong-password-{i:000}");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            body.Remove("traceId");
            var headers = response.Headers.Concat(response.Content.Headers)
                .Where(h => !VolatileHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
                .Select(h => $"{h.Key.ToUpperInvariant()}: {string.Join(",", h.Value)}")
                .Order(StringComparer.Ordinal);
            answers.Add(new Answer(
                response.StatusCode,
                body.ToJsonString(),
                string.Join("\n", headers),
                response.Headers.RetryAfter?.Delta is { } wait ? (int)wait.TotalSeconds : null));
        }

        return answers;
    }

    private sealed record Answer(HttpStatusCode Status, string Body, string Headers, int? RetryAfter);
}
