using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// A change to what a user may do takes effect at their next request, on every instance. A change of role,
/// of active state or of MFA state ends the user's sessions (the role lives in the session's token); a change
/// of queue membership does not, because visibility reads membership from the database on every request.
/// </summary>
public sealed class AuthorizationChangeTests(TwoInstancesFixture fixture) : IClassFixture<TwoInstancesFixture>
{
    private static readonly string[] UsersWrite = ["users:write"];

    private static readonly object EscalationBody = new { email = $"made-by-demoted-{Guid.NewGuid():N}@example.test", fullName = "Made by demoted", role = "ADMIN", password = "Temporary-password-1" };

    private HttpClient Admin(WhatsSuiteApp app) => app.CreateClient().WithBearer(fixture.AdminToken);

    private Task<(int Users, int ApiKeys)> CountsAsync() => fixture.A.QueryAsync(async db => (await db.Users.CountAsync(), await db.ApiKeys.CountAsync()));

    private Task<string?> LastSessionsEndedReasonAsync(Guid userId) =>
        fixture.A.QueryAsync(db => db.AuthEvents
            .Where(e => e.UserId == userId && e.Type == AuthEventType.SessionsEnded)
            .OrderByDescending(e => e.OccurredAt)
            .Select(e => e.Reason)
            .FirstOrDefaultAsync());

    [Fact]
    public async Task RoleChange_DemotedAdminsTokenOnTheOtherInstance_CreatesNoAdminOrApiKeyFromTheNextRequest()
    {
        var demoted = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "ADMIN");
        using var demotedOnB = fixture.B.CreateClient().WithBearer(demoted.Token);
        using var adminOnA = Admin(fixture.A);
        Assert.Equal(HttpStatusCode.OK, (await demotedOnB.GetAsync("/api/v1/users")).StatusCode);

        // A change that leaves the role alone does not sign anybody out.
        Assert.Equal(HttpStatusCode.OK, (await adminOnA.PutAsJsonAsync($"/api/v1/users/{demoted.Id}", new { fullName = "Still admin", role = "ADMIN", isActive = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await demotedOnB.GetAsync("/api/v1/users")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await adminOnA.PutAsJsonAsync($"/api/v1/users/{demoted.Id}", new { fullName = "Now agent", role = "AGENTE", isActive = true })).StatusCode);
        var counts = await CountsAsync();

        await (await demotedOnB.PostAsJsonAsync("/api/v1/users", EscalationBody)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await demotedOnB.PostAsJsonAsync("/api/v1/api-keys", new { name = "escalate", scopes = UsersWrite })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var demotedOnA = fixture.A.CreateClient().WithBearer(demoted.Token);
        await (await demotedOnA.GetAsync("/api/v1/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(counts, await CountsAsync());
        Assert.Equal("role_changed;sessions:1", await LastSessionsEndedReasonAsync(demoted.Id));
        var again = await fixture.B.CreateClient().LoginAsync(demoted.Email, SignedInUser.Password);
        using var asAgent = fixture.B.CreateClient().WithBearer(again.AccessToken);
        await (await asAgent.PostAsJsonAsync("/api/v1/users", EscalationBody)).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task SignIn_ThatReadTheOldRoleBeforeTheChangeCommitted_GetsNoSession()
    {
        var demoted = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "ADMIN");
        using var adminOnB = Admin(fixture.B);
        var reached = fixture.PasswordCheckOnA.Arm();
        using var signIn = fixture.A.CreateClient();
        var login = signIn.LoginResponseAsync(demoted.Email, SignedInUser.Password);

        // The sign-in has read the user as an ADMIN and waits in its password check; the demotion commits meanwhile.
        await reached;
        var demotion = await adminOnB.PutAsJsonAsync($"/api/v1/users/{demoted.Id}", new { fullName = "Now agent", role = "AGENTE", isActive = true });
        fixture.PasswordCheckOnA.Open();

        Assert.Equal(HttpStatusCode.OK, demotion.StatusCode);
        await (await login).AssertProblemAsync(HttpStatusCode.Conflict, "auth.account_changed");
        Assert.Equal(0, await fixture.A.ActiveSessionsAsync(demoted.Id));
        Assert.Equal(1, await fixture.A.QueryAsync(db => db.AuthEvents.CountAsync(e => e.UserId == demoted.Id && e.Type == AuthEventType.LoginFailed && e.Reason == "account_changed")));
    }

    [Fact]
    public async Task MfaTurnedOn_SessionsOpenedWithoutIt_EndOnEveryInstance()
    {
        var user = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        var onB = (await fixture.B.CreateClient().LoginAsync(user.Email, SignedInUser.Password)).AccessToken;

        await EnableMfaAsync(fixture.A, user.Token);

        foreach (var (app, token) in new[] { (fixture.A, user.Token), (fixture.B, onB) })
        {
            using var client = app.CreateClient().WithBearer(token);
            await (await client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal("mfa_enabled;sessions:2", await LastSessionsEndedReasonAsync(user.Id));
    }

    [Fact]
    public async Task MfaTurnedOff_SessionsOpenedWithIt_EndOnEveryInstance()
    {
        var user = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        var recoveryCodes = await EnableMfaAsync(fixture.A, user.Token);
        var onA = await SignInWithRecoveryCodeAsync(fixture.A, user.Email, recoveryCodes[0]);
        var onB = await SignInWithRecoveryCodeAsync(fixture.B, user.Email, recoveryCodes[1]);
        using var clientB = fixture.B.CreateClient().WithBearer(onB);
        Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync("/api/v1/auth/me")).StatusCode);

        using var clientA = fixture.A.CreateClient().WithBearer(onA);
        var disabled = await clientA.PostAsJsonAsync("/api/v1/auth/mfa/disable", new { password = SignedInUser.Password, recoveryCode = recoveryCodes[2] });

        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        await (await clientB.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await clientA.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("mfa_disabled;sessions:2", await LastSessionsEndedReasonAsync(user.Id));
    }

    [Fact]
    public async Task QueueMembershipRemoved_TakesEffectAtTheNextRequestOnTheOtherInstance_WithoutEndingTheSession()
    {
        var seeder = new ConversationSeeder(fixture.A, fixture.AdminToken);
        var queue = await seeder.QueueAsync();
        var supervisor = await seeder.UserAsync("SUPERVISOR", queue);
        var contact = await seeder.ContactAsync();
        var conversation = await seeder.ConversationAsync(await seeder.ConnectionAsync([queue]), queue, contactId: contact);
        using var onB = fixture.B.CreateClient().WithBearer(supervisor.Token);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync($"/api/v1/conversations/{conversation}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync($"/api/v1/contacts/{contact}")).StatusCode);

        using var adminOnA = Admin(fixture.A);
        Assert.Equal(HttpStatusCode.NoContent, (await adminOnA.DeleteAsync($"/api/v1/queues/{queue}/members/{supervisor.Id}")).StatusCode);

        await (await onB.GetAsync($"/api/v1/conversations/{conversation}")).AssertProblemAsync(HttpStatusCode.NotFound, "conversations.not_found");
        await (await onB.GetAsync($"/api/v1/contacts/{contact}")).AssertProblemAsync(HttpStatusCode.NotFound, "contacts.not_found");
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    /// <summary>Enrols and confirms MFA with <paramref name="token"/>; returns the recovery codes.</summary>
    private static async Task<List<string>> EnableMfaAsync(WhatsSuiteApp app, string token)
    {
        using var client = app.CreateClient().WithBearer(token);
        var enrolled = await client.PostAsync("/api/v1/auth/mfa/enroll", null);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        var secret = (await enrolled.ReadJsonAsync()).GetProperty("secret").GetString()!;
        var confirmed = await client.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        return (await confirmed.ReadJsonAsync()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
    }

    private static async Task<string> SignInWithRecoveryCodeAsync(WhatsSuiteApp app, string email, string recoveryCode)
    {
        using var client = app.CreateClient();
        var challenge = (await (await client.LoginResponseAsync(email, SignedInUser.Password)).ReadJsonAsync()).GetProperty("challengeToken").GetString();
        var signedIn = await client.PostAsJsonAsync("/api/v1/auth/login/mfa", new { challengeToken = challenge, recoveryCode });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return (await signedIn.ReadJsonAsync()).GetProperty("accessToken").GetString()!;
    }
}
