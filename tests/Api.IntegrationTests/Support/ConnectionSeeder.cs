using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Webhooks;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// Connections for webhook tests, stored directly (encrypted as the product stores them), with a known app
/// secret and verify token; and the signed delivery a test sends as Meta would. Each seeded connection gets a
/// phone number id of its own; <see cref="PostWebhookAsync(HttpClient, Guid, string, string?)"/> addresses a
/// Meta-shaped body (written for <see cref="Webhooks.MetaPayloads.PhoneNumberId"/>) to the connection it posts to.
/// </summary>
public static class ConnectionSeeder
{
    public const string AppSecret = "test-app-secret-5f1c2a9e";
    public const string VerifyToken = "test-verify-token-81d0";

    private static readonly ConcurrentDictionary<Guid, string> PhoneNumberIds = new();

    public static async Task<Guid> SeedConnectionAsync(this WhatsSuiteApp app, ConnectionProvider provider = ConnectionProvider.CloudApi, params Guid[] queueIds) =>
        (await app.SeedConnectionAsync(provider, metaAppId: null, appSecret: AppSecret, queueIds)).Id;

    /// <summary>A connection (of Meta app <paramref name="metaAppId"/> when given) with its phone number id.</summary>
    public static async Task<(Guid Id, string PhoneNumberId)> SeedConnectionAsync(
        this WhatsSuiteApp app, ConnectionProvider provider, string? metaAppId, string appSecret = AppSecret, params Guid[] queueIds)
    {
        ArgumentNullException.ThrowIfNull(app);
        return await app.WithDbAsync(async (db, services) =>
        {
            var protector = services.GetRequiredService<ISecretProtector>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var suffix = Guid.NewGuid().ToString("N")[..10];
            var connection = Connection.Create(
                $"Number {suffix}",
                provider,
                $"10{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}",
                "102290129340398",
                "15550783881",
                protector.Protect("access-token"),
                protector.Protect(appSecret),
                protector.Protect(VerifyToken),
                Connection.DefaultSendRateLimitPerSecond,
                now);
            connection.AssignMetaApp(metaAppId, now);
            foreach (var queueId in queueIds)
            {
                connection.LinkQueue(queueId, now);
            }

            db.Connections.Add(connection);
            await db.SaveChangesAsync();
            PhoneNumberIds[connection.Id] = connection.PhoneNumberId;
            return (connection.Id, connection.PhoneNumberId);
        });
    }

    /// <summary><paramref name="body"/> with its <c>metadata.phone_number_id</c> set to <paramref name="phoneNumberId"/>.</summary>
    public static string AddressedTo(string body, string phoneNumberId)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.Replace($"\"phone_number_id\":\"{Webhooks.MetaPayloads.PhoneNumberId}\"", $"\"phone_number_id\":\"{phoneNumberId}\"", StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="work"/> on a fresh scope's database context (either persistence mode).</summary>
    public static async Task<T> WithDbAsync<T>(this WhatsSuiteApp app, Func<AppDbContext, IServiceProvider, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider);
    }

    public static Task<T> QueryAsync<T>(this WhatsSuiteApp app, Func<AppDbContext, Task<T>> query) =>
        app.WithDbAsync((db, _) => query(db));

    public static string Sign(string body, string secret = AppSecret) => WebhookSignature.Compute(Encoding.UTF8.GetBytes(body), secret);

    /// <summary>
    /// Posts <paramref name="body"/> as Meta would: raw bytes with <c>X-Hub-Signature-256</c> (the right one unless given).
    /// Without a given signature, a body written for <see cref="Webhooks.MetaPayloads.PhoneNumberId"/> is first addressed
    /// to the seeded connection's own phone number id, as Meta addresses a number's deliveries.
    /// </summary>
    public static Task<HttpResponseMessage> PostWebhookAsync(this HttpClient client, Guid connectionId, string body, string? signature = null)
    {
        if (signature is null && PhoneNumberIds.TryGetValue(connectionId, out var phoneNumberId))
        {
            body = AddressedTo(body, phoneNumberId);
        }

        return client.PostWebhookAsync(connectionId, Encoding.UTF8.GetBytes(body), signature ?? Sign(body));
    }

    /// <summary>Posts <paramref name="body"/> to the app-level endpoint of Meta app <paramref name="appId"/>, signed with <paramref name="secret"/>.</summary>
    public static async Task<HttpResponseMessage> PostAppWebhookAsync(this HttpClient client, string appId, string body, string secret = AppSecret)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/whatsapp/apps/{appId}") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, Sign(body, secret));
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PostWebhookAsync(this HttpClient client, Guid connectionId, byte[] body, string? signature)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/whatsapp/{connectionId}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature);
        }

        return await client.SendAsync(request);
    }

    /// <summary>
    /// Waits until every inbox entry has left the pending state (a deadline, not a sleep); with
    /// <paramref name="includeRetries"/> false, entries waiting for a retry after a failed attempt are not waited for.
    /// </summary>
    public static Task WaitForInboxDrainedAsync(this WhatsSuiteApp app, bool includeRetries = true) =>
        Eventually.TrueAsync(
            async () => await app.QueryAsync(db => db.WebhookInbox.CountAsync(e => e.Status == Domain.Webhooks.InboxStatus.Pending && (includeRetries || e.LastError == null))) == 0,
            "the inbox drained");
}
