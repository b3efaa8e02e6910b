using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Messaging;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// Outbox claims are short and kept alive by a heartbeat: an instance that is still sending keeps its message
/// past several lease lengths (nobody sends it twice), and the claims of an instance that stops dead (no release,
/// as in a crash) come back within seconds instead of the former six minutes.
/// </summary>
public sealed class OutboxLeaseTests : IAsyncLifetime
{
    private const int LeaseSeconds = 5;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Claim_KeptByAHeartbeatWhileSendingAndReturnedWithinSecondsWhenTheInstanceDies()
    {
        var hanging = new HangingGateway();
        var healthy = new FakeWhatsAppGateway(TimeProvider.System);
        await using var stuck = Start(hanging, "lease-stuck");
        await using var rescuer = Start(healthy, "lease-rescuer");
        var seeder = new MessagingSeeder(stuck);
        var (connection, _, conversation) = await seeder.OpenConversationAsync();
        var message = (await seeder.QueueTextsAsync(conversation.Id, connection.Id, ["only once, please"])).Single();

        // The first instance holds the message in a send that does not return: for three lease lengths nobody else sends it.
        var rescuerDispatcher = rescuer.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        await rescuerDispatcher.StopAsync(CancellationToken.None);
        stuck.Services.GetRequiredService<BackgroundWorkSignal>().Notify(BackgroundWork.Outbox);
        Assert.True(await hanging.Entered.WaitAsync(TimeSpan.FromSeconds(30)), "the first instance started sending");
        await rescuerDispatcher.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3 * LeaseSeconds));
        Assert.Empty(healthy.SendsOf(connection.Id));
        var leasedUntil = await _database.QueryAsync(db => db.Messages.Where(m => m.Id == message.Id).Select(m => m.NextAttemptAt).SingleAsync());
        Assert.NotNull(leasedUntil);
        Assert.InRange((leasedUntil.Value - DateTimeOffset.UtcNow).TotalSeconds, 0, LeaseSeconds + 1);

        // It dies mid-send (its dispatcher stops without releasing anything): the claim returns within seconds.
        var dying = stuck.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        await dying.StopAsync(CancellationToken.None);
        var died = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => Task.FromResult(healthy.SendsOf(connection.Id).Count == 1), "the other instance sends the message", TimeSpan.FromSeconds(30));

        Assert.True(healthy.SendsOf(connection.Id).Single().At - died < TimeSpan.FromSeconds(LeaseSeconds + 3), "the claim came back within the lease");
        Assert.Equal(1, hanging.Calls);
        await Eventually.TrueAsync(
            async () => await _database.QueryAsync(db => db.Messages.Where(m => m.Id == message.Id).Select(m => m.Status).SingleAsync()) == MessageStatus.Sent,
            "the message is sent");
    }

    private WhatsSuiteApp Start(IWhatsAppGateway gateway, string instanceId)
    {
        var settings = WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}", instanceId);
        settings["OUTBOX_LEASE_SECONDS"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var app = new WhatsSuiteApp(settings, services => services.AddSingleton(gateway));
        app.CreateClient().Dispose();
        return app;
    }

    /// <summary>A Cloud API that takes the message and never answers (until the sender gives up).</summary>
    private sealed class HangingGateway : IWhatsAppGateway
    {
        private int _calls;

        public ConnectionProvider Provider => ConnectionProvider.CloudApi;

        public SemaphoreSlim Entered { get; } = new(0);

        public int Calls => Volatile.Read(ref _calls);

        public ConcurrentQueue<GatewaySendRequest> Requests { get; } = new();

        public async Task<GatewaySendResult> SendAsync(GatewaySendRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Requests.Enqueue(request);
            Entered.Release();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public Task<GatewayUploadResult> UploadMediaAsync(GatewayCredentials credentials, GatewayMediaUpload upload, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Media is not part of this test.");

        public Task<CredentialsCheckResult> CheckCredentialsAsync(GatewayCredentials credentials, CancellationToken cancellationToken) =>
            Task.FromResult(new CredentialsCheckResult(true, null, null, "Hanging", credentials?.DisplayNumber));

        public Task<TemplatePageResult> ListTemplatesAsync(GatewayCredentials credentials, string? after, CancellationToken cancellationToken) =>
            Task.FromResult(new TemplatePageResult([], null, null));

        public Task<TemplateSubmitResult> SubmitTemplateAsync(GatewayCredentials credentials, TemplateSubmission submission, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Templates are not part of this test.");
    }
}
