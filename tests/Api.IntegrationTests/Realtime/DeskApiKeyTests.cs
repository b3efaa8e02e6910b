using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Security;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.IntegrationTests.Webhooks;
using WhatsSuite.Application.Desk;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>
/// Integrations on the desk hub: an API key with <c>desk:subscribe</c> connects with <c>Authorization: ApiKey</c>,
/// hears what the scope lets it see, is never a user online, and is cut off on every instance when the key is revoked
/// or expires. Two instances on one Redis (A and B).
/// </summary>
public sealed class DeskApiKeyTests(TwoInstancesFixture fixture) : IClassFixture<TwoInstancesFixture>
{
    private async Task<(Guid Id, string Key)> CreateKeyAsync(string[] scopes, DateTimeOffset? expiresAt = null)
    {
        using var admin = fixture.A.CreateClient().WithBearer(fixture.AdminToken);
        var response = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "Desk integration", scopes, expiresAt });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (body.GetProperty("apiKey").GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    [Fact]
    public async Task Connect_KeyWithDeskSubscribe_ReceivesTheMessageOfASignedWebhookAndCanResume()
    {
        var (_, key) = await CreateKeyAsync(["desk:subscribe"]);
        var seeder = new ConversationSeeder(fixture.A, fixture.AdminToken);
        var queue = await seeder.QueueAsync();
        var connection = await fixture.A.SeedConnectionAsync(queueIds: queue);
        await using var longPolling = await DeskClient.ConnectWithApiKeyAsync(fixture.A, key);
        await using var webSocket = await DeskClient.ConnectWithApiKeyAsync(fixture.B, key, webSockets: true);
        var start = (await longPolling.ResumeAsync(null)).GetProperty("cursor").GetInt64();
        using var client = fixture.A.CreateClient();
        var text = $"for the integration {Guid.NewGuid():N}";

        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connection, MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", text, ConversationSeeder.RandomNumber()))).StatusCode);

        bool IsTheMessage(System.Text.Json.JsonElement e) =>
            e.GetProperty("type").GetString() == "message.new" && e.GetProperty("data").GetProperty("text").GetString() == text;
        var message = await longPolling.NextAsync(IsTheMessage);
        await webSocket.NextAsync(IsTheMessage);
        var resumed = await longPolling.ResumeAsync(start);
        Assert.Null(resumed.GetProperty("refetch").GetString());
        Assert.Contains(resumed.GetProperty("events").EnumerateArray(), e => IsTheMessage(e) && e.GetProperty("cursor").GetInt64() == message.GetProperty("cursor").GetInt64());
    }

    [Fact]
    public async Task Connect_KeyWithoutTheScopeOrInTheQueryString_IsRefused()
    {
        var (_, withoutScope) = await CreateKeyAsync(["users:read", "conversations:read"]);
        var (_, withScope) = await CreateKeyAsync(["desk:subscribe"]);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => DeskClient.ConnectWithApiKeyAsync(fixture.A, withoutScope));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var unknown = await Assert.ThrowsAsync<HttpRequestException>(() => DeskClient.ConnectWithApiKeyAsync(fixture.A, withScope[..^4] + (withScope.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA")));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        // A key is never read from the query string (it would end up in proxies' and browsers' logs).
        using var anonymous = fixture.A.CreateClient();
        var byQuery = await anonymous.PostAsync($"/hubs/desk/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(withScope)}", null);
        Assert.Equal(HttpStatusCode.Unauthorized, byQuery.StatusCode);
    }

    [Fact]
    public async Task Revoke_KeyOnA_ClosesItsLiveConnectionsOnBothInstancesAtOnce()
    {
        var (id, key) = await CreateKeyAsync(["desk:subscribe"]);
        var (_, otherKey) = await CreateKeyAsync(["desk:subscribe"]);
        await using var onA = await DeskClient.ConnectWithApiKeyAsync(fixture.A, key);
        await using var onB = await DeskClient.ConnectWithApiKeyAsync(fixture.B, key, webSockets: true);
        await using var other = await DeskClient.ConnectWithApiKeyAsync(fixture.B, otherKey);
        using var admin = fixture.A.CreateClient().WithBearer(fixture.AdminToken);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/api-keys/{id}/revoke", null)).StatusCode);

        // Far below the periodic check (REALTIME_SESSION_CHECK_SECONDS, 60 s): the notice closes them.
        await onA.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await onB.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Connected, other.Connection.State);
        var again = await Assert.ThrowsAsync<HttpRequestException>(() => DeskClient.ConnectWithApiKeyAsync(fixture.B, key));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task Expiry_KeyExpiresWhileConnected_ConnectionIsClosed()
    {
        var (id, key) = await CreateKeyAsync(["desk:subscribe"], DateTimeOffset.UtcNow.AddSeconds(8));
        var expiresAt = await fixture.A.QueryAsync(db => db.ApiKeys.Where(k => k.Id == id).Select(k => k.ExpiresAt).SingleAsync());
        await using var desk = await DeskClient.ConnectWithApiKeyAsync(fixture.A, key);

        var error = await desk.Closed.WaitAsync(TimeSpan.FromSeconds(40));

        // SignalR checks authentication expiries on its once-a-second scan: the close comes within about a second of it.
        var closedAt = DateTimeOffset.UtcNow;
        Assert.True(closedAt >= expiresAt!.Value.AddSeconds(-2), $"Closed at {closedAt:O}, the key expires at {expiresAt:O}: {error}");
        if (expiresAt.Value.AddSeconds(1) - DateTimeOffset.UtcNow is { Ticks: > 0 } untilExpired)
        {
            await Task.Delay(untilExpired);
        }

        var again = await Assert.ThrowsAsync<HttpRequestException>(() => DeskClient.ConnectWithApiKeyAsync(fixture.A, key));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task Presence_KeyConnection_IsNeverAnOnlineUser()
    {
        var (id, key) = await CreateKeyAsync(["desk:subscribe"]);
        var agent = await fixture.A.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        await using var integration = await DeskClient.ConnectWithApiKeyAsync(fixture.A, key);
        await using var agentDesk = await DeskClient.ConnectAsync(fixture.A, agent.Token);
        var registry = fixture.A.Services.GetRequiredService<IPresenceRegistry>();

        // The agent, connected after the key, shows that presence is being recorded.
        await Eventually.TrueAsync(async () => (await registry.OnlineAsync(CancellationToken.None)).ContainsKey(agent.Id), "the agent is online");
        var online = await registry.OnlineAsync(CancellationToken.None);
        Assert.DoesNotContain(DeskAudience.Integrations, online.Keys);
        Assert.DoesNotContain(id, online.Keys);
        using var admin = fixture.A.CreateClient().WithBearer(fixture.AdminToken);
        var listed = await (await admin.GetAsync("/api/v1/presence")).ReadJsonAsync();
        Assert.DoesNotContain(listed.EnumerateArray(), p => p.GetProperty("userId").GetGuid() == DeskAudience.Integrations || p.GetProperty("userId").GetGuid() == id);
        Assert.Equal(0, await fixture.A.QueryAsync(db => db.Users.CountAsync(u => u.Id == DeskAudience.Integrations)));
        Assert.Equal(HubConnectionState.Connected, integration.Connection.State);
    }
}
