using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.WhatsApp;
using WhatsSuite.Infrastructure.WhatsApp.Sandbox;

namespace WhatsSuite.Api.IntegrationTests.Messages;

public sealed class SandboxGatewayTests : IAsyncLifetime
{
    private readonly RecordingWebhookReceiver _receiver = new();
    private TestDatabase _database = null!;
    private WhatsSuiteApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new WhatsSuiteApp(
            WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}"),
            services => services.AddSingleton<IWebhookReceiver>(_receiver));
        using var client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private SandboxGateway Gateway(TimeSpan deliveredAfter, TimeSpan readAfter) => new(
        _app.Services.GetRequiredService<IServiceScopeFactory>(),
        new WhatsAppSettings { GraphBaseUrl = new Uri("https://graph.example.test"), GraphVersion = "v23.0", SandboxDeliveredAfter = deliveredAfter, SandboxReadAfter = readAfter },
        TimeProvider.System,
        NullLogger<SandboxGateway>.Instance);

    private static GatewaySendRequest Request(Connection connection) => new(
        new GatewayCredentials(connection.Id, connection.PhoneNumberId, connection.WabaId, connection.DisplayNumber, "sandbox-token"),
        "5491122223333",
        new OutboundContent { Type = "text", Text = "hola" });

    [Fact]
    public async Task SendAsync_Accepted_ReportsDeliveredThenReadAsSignedMetaWebhooks()
    {
        var connection = await new MessagingSeeder(_app).ConnectionAsync(ConnectionProvider.Sandbox);
        await using var gateway = Gateway(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));

        var result = await gateway.SendAsync(Request(connection), CancellationToken.None);

        Assert.True(result.IsAccepted);
        Assert.StartsWith("wamid.", result.Wamid, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Deliveries.Count == 2), "two status webhooks");
        var deliveries = _receiver.Deliveries.ToList();
        Assert.All(deliveries, d => Assert.True(d.SignatureValid, "signed with the connection's app secret"));
        Assert.All(deliveries, d => Assert.Equal(connection.Id, d.ConnectionId));
        var statuses = deliveries.Select(d => Status(d.Body)).ToList();
        Assert.Equal(["delivered", "read"], statuses.Select(s => s.GetProperty("status").GetString()));
        Assert.All(statuses, s => Assert.Equal(result.Wamid, s.GetProperty("id").GetString()));
        Assert.All(statuses, s => Assert.Equal("5491122223333", s.GetProperty("recipient_id").GetString()));
        using var document = JsonDocument.Parse(deliveries[0].Body);
        var root = document.RootElement;
        Assert.Equal("whatsapp_business_account", root.GetProperty("object").GetString());
        Assert.Equal(connection.WabaId, root.GetProperty("entry")[0].GetProperty("id").GetString());
        var value = root.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value");
        Assert.Equal(connection.PhoneNumberId, value.GetProperty("metadata").GetProperty("phone_number_id").GetString());
        Assert.Equal("service", statuses[0].GetProperty("conversation").GetProperty("origin").GetProperty("type").GetString());
        Assert.True(long.TryParse(statuses[0].GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public async Task DisposeAsync_ReportsPending_StopsThemWithoutSendingMore()
    {
        var connection = await new MessagingSeeder(_app).ConnectionAsync(ConnectionProvider.Sandbox);
        var gateway = Gateway(TimeSpan.FromMilliseconds(20), TimeSpan.FromHours(1));
        var waiting = Gateway(TimeSpan.FromHours(1), TimeSpan.FromHours(2));

        await gateway.SendAsync(Request(connection), CancellationToken.None);
        await waiting.SendAsync(Request(connection), CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Deliveries.Count == 1), "delivered reported");
        await gateway.DisposeAsync();
        await waiting.DisposeAsync();

        Assert.Equal(0, gateway.PendingReports);
        Assert.Equal(0, waiting.PendingReports);
        Assert.Equal("delivered", Status(Assert.Single(_receiver.Deliveries).Body).GetProperty("status").GetString());
        var after = await gateway.SendAsync(Request(connection), CancellationToken.None);
        Assert.True(after.IsAccepted);
        Assert.Equal(0, gateway.PendingReports);
    }

    [Fact]
    public async Task CheckCredentialsAsync_Always_ValidWithTheSandboxName()
    {
        await using var gateway = Gateway(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        var check = await gateway.CheckCredentialsAsync(new GatewayCredentials(Guid.NewGuid(), "pn", null, "5491100000000", "token"), CancellationToken.None);

        Assert.True(check.Valid);
        Assert.Equal("WhatsSuite Sandbox", check.VerifiedName);
    }

    [Fact]
    public void Resolver_ProviderWithoutGateway_ThrowsNamingIt()
    {
        var sandbox = Gateway(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var resolver = new WhatsAppGatewayResolver([sandbox]);

        Assert.Same(sandbox, resolver.For(ConnectionProvider.Sandbox));
        var error = Assert.Throws<InvalidOperationException>(() => resolver.For(ConnectionProvider.CloudApi));
        Assert.Contains("CloudApi", error.Message, StringComparison.Ordinal);
        Assert.IsType<SandboxGateway>(_app.Services.GetRequiredService<IWhatsAppGatewayResolver>().For(ConnectionProvider.Sandbox));
        sandbox.Dispose();
    }

    private static JsonElement Status(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("statuses")[0].Clone();
    }

    /// <summary>Stands in for the webhook receiver: records each delivery and checks its signature with the seeded app secret.</summary>
    private sealed class RecordingWebhookReceiver : IWebhookReceiver
    {
        public ConcurrentQueue<Delivery> Deliveries { get; } = new();

        public Task<WebhookReceipt> ReceiveAsync(Guid connectionId, ReadOnlyMemory<byte> rawBody, string? signatureHeader, CancellationToken cancellationToken)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(MessagingSeeder.AppSecret), rawBody.Span));
            var valid = signatureHeader is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signatureHeader));
            Deliveries.Enqueue(new Delivery(connectionId, rawBody.ToArray(), valid));
            return Task.FromResult(valid ? WebhookReceipt.Stored : WebhookReceipt.InvalidSignature);
        }

        public Task<WebhookReceipt> ReceiveForAppAsync(string appId, ReadOnlyMemory<byte> rawBody, string? signatureHeader, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The sandbox posts to its connection's endpoint, never to an app's.");
    }

    private sealed record Delivery(Guid ConnectionId, byte[] Body, bool SignatureValid);
}
