using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Background;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// A connection's send rate holds for the whole deployment: two instances dispatching the same connection at
/// the same time share one budget through Redis, so no second holds more sends than <c>SendRateLimitPerSecond</c>
/// (before, each instance had its own bucket and two sent twice the rate).
/// </summary>
public sealed class SharedSendRateTests : IAsyncLifetime
{
    private const int Rate = 3;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Dispatch_TwoInstancesSendingOneConnectionAtOnce_NeverExceedTheRateInAnySecond()
    {
        var prefix = $"test-{Guid.NewGuid():N}";
        var first = new FakeWhatsAppGateway(TimeProvider.System);
        var second = new FakeWhatsAppGateway(TimeProvider.System);
        await using var one = Start(first, prefix, "send-rate-1");
        await using var two = Start(second, prefix, "send-rate-2");
        var seeder = new MessagingSeeder(one);
        var (connection, _, _) = await seeder.OpenConversationAsync(sendRateLimitPerSecond: Rate);

        // One message per conversation: a conversation's messages go one at a time (the claim takes only its oldest
        // queued one), and the point here is many messages of one number sent by two instances at once.
        var conversations = new List<Guid>();
        for (var i = 0; i < 6 * Rate; i++)
        {
            conversations.Add((await seeder.ConversationAsync(connection.Id, (await seeder.ContactAsync()).Id)).Id);
        }

        // The first instance claims a first wave and is busy sending it when the second claims the next one.
        var firstWave = await QueueAsync(conversations[..(3 * Rate)], "first");
        one.Services.GetRequiredService<BackgroundWorkSignal>().Notify(BackgroundWork.Outbox);
        await Eventually.TrueAsync(() => Task.FromResult(first.SendsOf(connection.Id).Count > 0 || second.SendsOf(connection.Id).Count > 0), "the first wave is being sent");
        var secondWave = await QueueAsync(conversations[(3 * Rate)..], "second");
        two.Services.GetRequiredService<BackgroundWorkSignal>().Notify(BackgroundWork.Outbox);
        await WaitAllSentAsync([.. firstWave, .. secondWave]);

        Assert.NotEmpty(first.SendsOf(connection.Id));
        Assert.NotEmpty(second.SendsOf(connection.Id));
        var times = first.SendsOf(connection.Id).Concat(second.SendsOf(connection.Id)).Select(s => s.At).Order().ToList();
        Assert.Equal(6 * Rate, times.Count);
        foreach (var start in times)
        {
            // One millisecond short of a second: Redis's clock and the test's are read at different instants.
            var inWindow = times.Count(t => t >= start && t < start + TimeSpan.FromMilliseconds(999));
            Assert.True(inWindow <= Rate, $"{inWindow} sends of the connection in the second from {start:O}");
        }

        async Task<List<Message>> QueueAsync(List<Guid> conversationIds, string wave)
        {
            var queued = new List<Message>();
            foreach (var conversationId in conversationIds)
            {
                queued.AddRange(await seeder.QueueTextsAsync(conversationId, connection.Id, [$"{wave} {queued.Count}"]));
            }

            return queued;
        }
    }

    private WhatsSuiteApp Start(FakeWhatsAppGateway gateway, string prefix, string instanceId)
    {
        var app = new WhatsSuiteApp(
            WhatsSuiteApp.ServerSettings(_database, prefix, instanceId),
            services => services.AddSingleton<IWhatsAppGateway>(gateway));
        app.CreateClient().Dispose();
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
}
