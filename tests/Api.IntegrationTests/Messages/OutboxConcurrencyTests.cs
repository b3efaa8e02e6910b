using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Background;

namespace WhatsSuite.Api.IntegrationTests.Messages;

/// <summary>The outbox on the real clock: the per-connection send rate, and two instances sharing one database.</summary>
public sealed class OutboxConcurrencyTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private WhatsSuiteApp StartInstance(FakeWhatsAppGateway gateway, string instanceId)
    {
        var app = new WhatsSuiteApp(
            WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}", instanceId),
            services => services.AddSingleton<IWhatsAppGateway>(gateway));
        using var client = app.CreateClient();
        return app;
    }

    private async Task WaitAllSentAsync(List<Message> messages)
    {
        var ids = messages.Select(m => m.Id).ToList();
        await Eventually.TrueAsync(
            async () => await _database.QueryAsync(db => db.Messages.CountAsync(m => m.Status == MessageStatus.Sent && ids.Contains(m.Id))) == messages.Count,
            "every message sent",
            TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Dispatch_BurstOfThreeTimesTheRate_NeverExceedsTheRateInAnySecond()
    {
        const int rate = 3;
        var gateway = new FakeWhatsAppGateway(TimeProvider.System);
        await using var app = StartInstance(gateway, "rate-1");
        var seeder = new MessagingSeeder(app);
        var (connection, _, conversation) = await seeder.OpenConversationAsync(sendRateLimitPerSecond: rate);

        var messages = await seeder.QueueTextsAsync(conversation.Id, connection.Id, Enumerable.Range(0, 3 * rate).Select(i => $"burst {i}"));
        app.Services.GetRequiredService<BackgroundWorkSignal>().Notify(BackgroundWork.Outbox);
        await WaitAllSentAsync(messages);

        var times = gateway.SendsOf(connection.Id).Select(s => s.At).Order().ToList();
        Assert.Equal(3 * rate, times.Count);
        foreach (var start in times)
        {
            var inWindow = times.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1));
            Assert.True(inWindow <= rate, $"{inWindow} sends in the second from {start:O}");
        }
    }

    [Fact]
    public async Task Dispatch_TwoInstancesOnOneDatabase_SendEachMessageExactlyOnce()
    {
        var first = new FakeWhatsAppGateway(TimeProvider.System);
        var second = new FakeWhatsAppGateway(TimeProvider.System);
        await using var one = StartInstance(first, "outbox-1");
        await using var two = StartInstance(second, "outbox-2");
        var seeder = new MessagingSeeder(one);
        var (connection, _, conversation) = await seeder.OpenConversationAsync(sendRateLimitPerSecond: 1000);
        foreach (var gateway in new[] { first, second })
        {
            // A little latency, so that both instances are busy with the outbox at the same time.
            gateway.Script(connection.Id, async (_, _) =>
            {
                await Task.Delay(2);
                return FakeWhatsAppGateway.Accept();
            });
        }

        var messages = await seeder.QueueTextsAsync(conversation.Id, connection.Id, Enumerable.Range(0, 150).Select(i => $"m{i}"));
        one.Services.GetRequiredService<BackgroundWorkSignal>().Notify(BackgroundWork.Outbox);
        two.Services.GetRequiredService<BackgroundWorkSignal>().Notify(BackgroundWork.Outbox);
        await WaitAllSentAsync(messages);

        var texts = first.SendsOf(connection.Id).Concat(second.SendsOf(connection.Id)).Select(s => s.Request.Content.Text!).ToList();
        Assert.Equal(messages.Count, texts.Count);
        Assert.Equal(messages.Select(m => m.Text!).Order(StringComparer.Ordinal), texts.Order(StringComparer.Ordinal));
        Assert.Equal(150, await _database.QueryAsync(db => db.Messages.Where(m => m.ConversationId == conversation.Id).Select(m => m.Wamid).Distinct().CountAsync()));
    }
}
