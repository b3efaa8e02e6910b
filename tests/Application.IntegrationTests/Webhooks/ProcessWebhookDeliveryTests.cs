using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;
using WhatsSuite.Application.Webhooks.SplitOffWebhookItem;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Webhooks;

namespace WhatsSuite.Application.IntegrationTests.Webhooks;

/// <summary>
/// Processing stored webhook deliveries in batches on PostgreSQL: how a batch's inbox entries are written back, and
/// that nothing is lost or stored twice when deliveries are replayed and two processors (two instances) drain the
/// same inbox at once.
/// </summary>
public sealed class ProcessWebhookDeliveryTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly Actor Processor = Actor.System(WebhookInboxProcessor.JobName);

    [Fact]
    public async Task Handle_BatchOfOneMessageDeliveries_MarksEveryEntryProcessedWithOneUpdate()
    {
        var (connectionId, phoneNumberId) = await ConnectionAsync();
        var wamids = Enumerable.Range(0, 30).Select(i => $"wamid.batch.{Guid.NewGuid():N}.{i}").ToList();
        var entries = wamids.Select((w, i) => Delivery(connectionId, phoneNumberId, [(w, Sender(i % 7))])).ToList();
        // WhatsApp retries: the same message arrives again in a delivery of its own, in the same batch.
        entries.Add(Delivery(connectionId, phoneNumberId, [(wamids[3], Sender(3))]));
        await StoreAsync(entries);

        var commands = fixture.Commands.Start();
        var result = await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand([.. entries.Select(e => e.Id)]));

        Assert.True(result.IsSuccess);
        Assert.Equal(30, result.Value.MessagesStored);
        Assert.Equal(1, commands.Count("UPDATE webhook_inbox"));
        var stored = await EntriesAsync(entries);
        Assert.All(stored, e =>
        {
            Assert.Equal(InboxStatus.Processed, e.Status);
            Assert.Equal(1, e.Attempts);
            Assert.Equal(1, e.Progress);
            Assert.Equal(1, e.ItemCount);
            Assert.NotNull(e.ProcessedAt);
            Assert.Null(e.LastError);
        });
        Assert.Equal(wamids.Order(StringComparer.Ordinal), await StoredWamidsAsync(connectionId));
    }

    [Fact]
    public async Task Handle_BatchToSeveralNumbers_ReadsAsOftenAsTheSameBatchToOneNumber()
    {
        var one = await ConnectionAsync();
        var numbers = new[] { one, await ConnectionAsync(), await ConnectionAsync(), await ConnectionAsync() };
        // New customers each (no conversation to look for yet), and one who writes to two numbers in the same batch.
        var toOne = Enumerable.Range(0, 8).Select(_ => Delivery(one.ConnectionId, one.PhoneNumberId, [($"wamid.one.{Guid.NewGuid():N}", NewSender())])).ToList();
        var senders = Enumerable.Range(0, 8).Select(_ => NewSender()).ToList();
        senders[5] = senders[0];
        var toFour = senders.Select((sender, i) => Delivery(numbers[i % 4].ConnectionId, numbers[i % 4].PhoneNumberId, [($"wamid.four.{Guid.NewGuid():N}", sender)])).ToList();
        var single = Delivery(one.ConnectionId, one.PhoneNumberId, [($"wamid.single.{Guid.NewGuid():N}", NewSender())]);
        await StoreAsync([.. toOne, .. toFour, single]);

        var alone = fixture.Commands.Start();
        await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand([single.Id]));
        var readsForOneCustomer = alone.Count("SELECT");
        var first = fixture.Commands.Start();
        var storedToOne = await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand([.. toOne.Select(e => e.Id)]));
        var readsForOne = first.Count("SELECT");
        var second = fixture.Commands.Start();
        var storedToFour = await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand([.. toFour.Select(e => e.Id)]));
        var readsForFour = second.Count("SELECT");

        Assert.Equal((8, 8), (storedToOne.Value.MessagesStored, storedToFour.Value.MessagesStored));
        Assert.Equal(readsForOne, readsForFour);
        // Eight new customers cost no more reads than one: nobody looks for the conversations of a contact just created.
        Assert.Equal(readsForOneCustomer, readsForOne);
        Assert.Equal(11, (await StoredWamidsAsync(one.ConnectionId)).Count);
        Assert.All(numbers.Skip(1), n => Assert.Equal(2, StoredWamidsAsync(n.ConnectionId).GetAwaiter().GetResult().Count));
        var repeated = await fixture.QueryAsync(db => db.Conversations.CountAsync(c => db.Contacts.Any(k => k.Id == c.ContactId && k.WaId == senders[0])));
        Assert.Equal(2, repeated);
    }

    [Fact]
    public async Task Handle_LargeDeliveryOverTheItemLimit_ContinuesWhileTheOthersAreProcessedAndReleased()
    {
        var (connectionId, phoneNumberId) = await ConnectionAsync();
        var large = Delivery(connectionId, phoneNumberId, [.. Enumerable.Range(0, 3).Select(i => ($"wamid.large.{Guid.NewGuid():N}.{i}", Sender(1)))]);
        var small = Delivery(connectionId, phoneNumberId, [($"wamid.small.{Guid.NewGuid():N}", Sender(2))]);
        var waiting = Delivery(connectionId, phoneNumberId, [($"wamid.waiting.{Guid.NewGuid():N}", Sender(3))]);
        await StoreAsync([large, small, waiting]);
        var ids = new[] { large.Id, small.Id, waiting.Id };

        // Two items fit: the large delivery's first two (it is the oldest), the others wait for the next pass.
        var first = await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand(ids, 2));
        var afterFirst = (await EntriesAsync([large, small, waiting])).ToDictionary(e => e.Id);
        // The next pass takes the new deliveries first, then the large one's last item.
        var second = await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand(ids, 3));
        var afterSecond = (await EntriesAsync([large, small, waiting])).ToDictionary(e => e.Id);

        Assert.Equal((2, 3), (first.Value.MessagesStored, first.Value.Continuing));
        Assert.Equal((InboxStatus.Pending, 2, 3, 0), (afterFirst[large.Id].Status, afterFirst[large.Id].Progress, afterFirst[large.Id].ItemCount, afterFirst[large.Id].Attempts));
        Assert.All([afterFirst[small.Id], afterFirst[waiting.Id]], e => Assert.Equal((InboxStatus.Pending, 0, 0), (e.Status, e.Progress, e.Attempts)));
        Assert.Equal((3, 0), (second.Value.MessagesStored, second.Value.Continuing));
        Assert.All(afterSecond.Values, e => Assert.Equal(InboxStatus.Processed, e.Status));
        Assert.Equal((3, 3, 1), (afterSecond[large.Id].Progress, afterSecond[large.Id].ItemCount, afterSecond[large.Id].Attempts));
        Assert.Equal((1, 1), (afterSecond[small.Id].Progress, afterSecond[small.Id].Attempts));
        Assert.Equal(5, (await StoredWamidsAsync(connectionId)).Count);
    }

    [Fact]
    public async Task Handle_ItemByItemWithTheEntryLeased_KeepsTheLeaseUntilTheCallerStops()
    {
        var (connectionId, phoneNumberId) = await ConnectionAsync();
        var delivery = Delivery(connectionId, phoneNumberId, [.. Enumerable.Range(0, 4).Select(i => ($"wamid.lease.{Guid.NewGuid():N}.{i}", Sender(5)))]);
        await StoreAsync([delivery]);
        // As the claim leaves it: due again only when the lease ends.
        var lease = new DateTimeOffset(DateTime.UtcNow.AddMinutes(1).Ticks / 10 * 10, TimeSpan.Zero);
        await fixture.QueryAsync(db => db.WebhookInbox.Where(e => e.Id == delivery.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.NextAttemptAt, lease)));

        // The processor's fallback: one item, then the next item split off, each keeping the lease.
        await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand(delivery.Id, itemLimit: 1, continuedByCaller: true));
        var afterItem = (await EntriesAsync([delivery])).Single();
        await fixture.SendAsync(Processor, new SplitOffWebhookItemCommand(delivery.Id, "refused"));
        var afterSplit = (await EntriesAsync([delivery])).Single();
        // A chunk of a large delivery (nobody goes on with it): due again at once, behind the others.
        await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand(delivery.Id, itemLimit: 1));
        var afterChunk = (await EntriesAsync([delivery])).Single();

        Assert.Equal((InboxStatus.Pending, 1, lease), (afterItem.Status, afterItem.Progress, afterItem.NextAttemptAt));
        Assert.Equal((InboxStatus.Pending, 2, lease), (afterSplit.Status, afterSplit.Progress, afterSplit.NextAttemptAt));
        Assert.Equal((InboxStatus.Pending, 3), (afterChunk.Status, afterChunk.Progress));
        Assert.True(afterChunk.NextAttemptAt < DateTimeOffset.UtcNow.AddSeconds(5), $"a released chunk is due at once, not at {afterChunk.NextAttemptAt:O}");
    }

    [Fact]
    public async Task Handle_AnotherTransactionAppliesTheSameNumber_WaitsForItsCommitThenStores()
    {
        var (connectionId, phoneNumberId) = await ConnectionAsync();
        var delivery = Delivery(connectionId, phoneNumberId, [($"wamid.wait.{Guid.NewGuid():N}", Sender(4))]);
        await StoreAsync([delivery]);

        Task<WhatsSuite.Application.Common.Results.Result<WebhookDeliveryOutcome>> processing;
        await using (var other = fixture.Services.CreateAsyncScope())
        {
            var db = other.ServiceProvider.GetRequiredService<WhatsSuite.Infrastructure.Persistence.AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await other.ServiceProvider.GetRequiredService<ITransactionLocks>().HoldAsync(TransactionLockSpace.InboxConnection, [connectionId], CancellationToken.None);

            processing = fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand([delivery.Id]));
            await WaitUntilAdvisoryLockAwaitedAsync();
            Assert.False(processing.IsCompleted);
            Assert.Empty(await StoredWamidsAsync(connectionId));
            await transaction.CommitAsync();
        }

        var result = await processing;
        Assert.Equal(1, result.Value.MessagesStored);
        Assert.Single(await StoredWamidsAsync(connectionId));
    }

    [Fact]
    public async Task Processor_TwoLoopsAndOneNumberHeldByAnotherTransaction_TheOtherLoopProcessesAnotherNumber()
    {
        var held = await ConnectionAsync();
        var free = await ConnectionAsync();
        var waiting = Delivery(held.ConnectionId, held.PhoneNumberId, [($"wamid.held.{Guid.NewGuid():N}", Sender(5))]);
        var other = Delivery(free.ConnectionId, free.PhoneNumberId, [($"wamid.free.{Guid.NewGuid():N}", Sender(6))]);

        await using var processor = Start(loops: 2);
        await using (var holder = fixture.Services.CreateAsyncScope())
        {
            var db = holder.ServiceProvider.GetRequiredService<WhatsSuite.Infrastructure.Persistence.AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await holder.ServiceProvider.GetRequiredService<ITransactionLocks>().HoldAsync(TransactionLockSpace.InboxConnection, [held.ConnectionId], CancellationToken.None);
            await StoreAsync([waiting]);
            fixture.Signal.Notify(BackgroundWork.WebhookInbox);
            await WaitUntilAdvisoryLockAwaitedAsync();

            // One loop waits for the held number; the other takes what arrives meanwhile. With one loop, the delivery of
            // the free number would wait until the held one's statement timed out (30 s).
            await StoreAsync([other]);
            fixture.Signal.Notify(BackgroundWork.WebhookInbox);
            await WaitUntilDrainedAsync(free.ConnectionId, TimeSpan.FromSeconds(15));
            Assert.Single(await StoredWamidsAsync(free.ConnectionId));
            Assert.Empty(await StoredWamidsAsync(held.ConnectionId));
            await transaction.CommitAsync();
        }

        await WaitUntilDrainedAsync(held.ConnectionId);
        Assert.Single(await StoredWamidsAsync(held.ConnectionId));
    }

    [Fact]
    public async Task Processor_TwoLoopsAndTwoDeliveriesOfOneNumber_TheLaterWaitsItsTurnAndAppliesLast()
    {
        var number = await ConnectionAsync();
        var customer = NewSender();
        var sameSecond = fixture.Seed.NextTime();
        var secondWamid = $"wamid.second.{Guid.NewGuid():N}";
        var first = Delivery(number.ConnectionId, number.PhoneNumberId, [($"wamid.first.{Guid.NewGuid():N}", customer)], sameSecond);
        var second = Delivery(number.ConnectionId, number.PhoneNumberId, [(secondWamid, customer)], sameSecond);

        await using var processor = Start(loops: 2);
        await using (var holder = fixture.Services.CreateAsyncScope())
        {
            var db = holder.ServiceProvider.GetRequiredService<WhatsSuite.Infrastructure.Persistence.AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await holder.ServiceProvider.GetRequiredService<ITransactionLocks>().HoldAsync(TransactionLockSpace.InboxConnection, [number.ConnectionId], CancellationToken.None);
            await StoreAsync([first]);
            fixture.Signal.Notify(BackgroundWork.WebhookInbox);
            await WaitUntilAdvisoryLockAwaitedAsync();
            await StoreAsync([second]);
            fixture.Signal.Notify(BackgroundWork.WebhookInbox);
            await WaitUntilClaimedAsync(second);

            // The second batch was claimed by the other loop and waits behind the first in this instance, not at the
            // database's lock, where whichever asks first is served first.
            for (var look = 0; look < 10; look++)
            {
                Assert.Equal(1, await AdvisoryLockWaitersAsync());
                await Task.Delay(30);
            }

            await transaction.CommitAsync();
        }

        await WaitUntilDrainedAsync(number.ConnectionId);
        var preview = await fixture.QueryAsync(db => db.Conversations
            .Where(c => c.ConnectionId == number.ConnectionId)
            .Select(c => c.LastMessagePreview)
            .SingleAsync());
        Assert.Equal($"hello {secondWamid}", preview);
    }

    [Fact]
    public async Task Processors_TwoInstancesDrainReplayedDeliveries_StoreEveryMessageOnceAndProcessEveryEntry()
    {
        var (connectionId, phoneNumberId) = await ConnectionAsync();
        // 450 deliveries from 25 senders (so parallel batches share conversations), every fifth one delivered twice,
        // and some deliveries carrying two messages: more than one claim each, the second one larger.
        var entries = new List<WebhookInboxEntry>();
        var wamids = new List<string>();
        for (var i = 0; i < 450; i++)
        {
            var items = new List<(string Wamid, string From)> { ($"wamid.pair.{Guid.NewGuid():N}", Sender(i % 25)) };
            if (i % 9 == 0)
            {
                items.Add(($"wamid.pair.{Guid.NewGuid():N}", Sender(i % 25)));
            }

            wamids.AddRange(items.Select(m => m.Wamid));
            entries.Add(Delivery(connectionId, phoneNumberId, items));
            if (i % 5 == 0)
            {
                entries.Add(Delivery(connectionId, phoneNumberId, items));
            }
        }

        await StoreAsync(entries);
        var auditedBefore = await fixture.QueryAsync(db => db.AuditLogs.MaxAsync(a => (long?)a.Sequence)) ?? 0;
        await using (var one = Start())
        await using (var two = Start())
        {
            fixture.Signal.Notify(BackgroundWork.WebhookInbox);
            await WaitUntilDrainedAsync(connectionId);
        }

        var stored = await fixture.QueryAsync(db => db.Messages.Where(m => m.ConnectionId == connectionId).Select(m => m.Wamid!).ToListAsync());
        Assert.Equal(wamids.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.All(await EntriesAsync(entries), e => Assert.Equal(InboxStatus.Processed, e.Status));
        Assert.Equal(25, await fixture.QueryAsync(db => db.Conversations.CountAsync(c => c.ConnectionId == connectionId)));
        var audited = await fixture.QueryAsync(db => db.AuditLogs
            .Where(a => a.Sequence > auditedBefore && a.Action == "ProcessWebhookDelivery" && a.ActorId == Processor.Id && a.Outcome == AuditOutcome.Success)
            .CountAsync());
        Assert.True(audited >= 2, $"expected the batches audited as {Processor.Id}, found {audited}");

        // The two processors' batches share conversations: each waited for the other's (ADR 0069) instead of failing on its
        // concurrency token and being redone one entry at a time, which audits every entry on its own.
        Assert.True(audited <= 20, $"expected a few batches, found {audited} audited runs of {entries.Count} entries");
    }

    [Fact]
    public async Task Processor_BatchMeetsAnotherTransactionsChangeOfItsConversation_ReRunsTheWholeBatch()
    {
        var (connectionId, phoneNumberId) = await ConnectionAsync();
        var sender = NewSender();
        var first = Delivery(connectionId, phoneNumberId, [($"wamid.rerun.{Guid.NewGuid():N}", sender)]);
        await StoreAsync([first]);
        await fixture.SendAsync(Processor, new ProcessWebhookDeliveryCommand([first.Id]));
        var conversationId = await fixture.QueryAsync(db => db.Conversations.Where(c => c.ConnectionId == connectionId).Select(c => c.Id).SingleAsync());
        var entries = Enumerable.Range(0, 12).Select(_ => Delivery(connectionId, phoneNumberId, [($"wamid.rerun.{Guid.NewGuid():N}", sender)])).ToList();
        await StoreAsync(entries);
        var auditedBefore = await fixture.QueryAsync(db => db.AuditLogs.MaxAsync(a => (long?)a.Sequence)) ?? 0;

        // An agent's change to the conversation, not yet committed: the batch reads the conversation as it was, and its
        // save waits for the agent's row, then finds the version moved.
        await using (var agent = fixture.Services.CreateAsyncScope())
        {
            var db = agent.ServiceProvider.GetRequiredService<WhatsSuite.Infrastructure.Persistence.AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1));
            await using var processor = Start();
            fixture.Signal.Notify(BackgroundWork.WebhookInbox);
            await WaitUntilAStatementWaitsForARowAsync();
            await transaction.CommitAsync();
            await WaitUntilDrainedAsync(connectionId);
        }

        Assert.Equal(13, (await StoredWamidsAsync(connectionId)).Count);
        Assert.All(await EntriesAsync(entries), e => Assert.Equal(InboxStatus.Processed, e.Status));
        var runs = await fixture.QueryAsync(db => db.AuditLogs
            .Where(a => a.Sequence > auditedBefore && a.Action == "ProcessWebhookDelivery" && a.ActorId == Processor.Id && a.Outcome == AuditOutcome.Success)
            .CountAsync());

        // The batch again, whole, in a fresh transaction: one audited run, not one per entry.
        Assert.Equal(1, runs);
    }

    /// <summary>
    /// Waits until a transaction of this test's database waits for an advisory lock (PostgreSQL's <c>pg_locks</c>, which
    /// lists the whole server's: the suite's other test assemblies run beside this one on their own databases).
    /// </summary>
    private Task WaitUntilAdvisoryLockAwaitedAsync() => WaitUntilWaitingAsync(
        $"SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        "nobody waited for the lock");

    /// <summary>How many transactions of this test's database wait for an advisory lock now.</summary>
    private Task<int> AdvisoryLockWaitersAsync() => fixture.QueryAsync(db => db.Database
        .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        .SingleAsync());

    /// <summary>Waits until a processor claimed the entry: its lease moved its next attempt a minute ahead.</summary>
    private async Task WaitUntilClaimedAsync(WebhookInboxEntry entry)
    {
        var deadline = Stopwatch.StartNew();
        while (await fixture.QueryAsync(db => db.WebhookInbox.Where(e => e.Id == entry.Id).Select(e => e.NextAttemptAt).SingleAsync()) < DateTimeOffset.UtcNow.AddSeconds(30))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the entry was not claimed");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until a statement of this test's database waits for a lock (PostgreSQL's <c>pg_stat_activity</c>).</summary>
    private Task WaitUntilAStatementWaitsForARowAsync() => WaitUntilWaitingAsync(
        $"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", "no statement waited for the agent's row");

    /// <summary>Polls <paramref name="waiting"/> (a count of waiting sessions) until it is not zero, for at most 30 s.</summary>
    private async Task WaitUntilWaitingAsync(FormattableString waiting, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (await fixture.QueryAsync(db => db.Database.SqlQuery<int>(waiting).SingleAsync()) == 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), failure);
            await Task.Delay(20);
        }
    }

    private static string Sender(int index) => $"5491100{index:D6}";

    /// <summary>A number no other test writes from: a new customer.</summary>
    private static string NewSender() => string.Create(CultureInfo.InvariantCulture, $"5493{Random.Shared.NextInt64(10_000_000, 99_999_999)}");

    private async Task<(Guid ConnectionId, string PhoneNumberId)> ConnectionAsync()
    {
        var connectionId = await fixture.Seed.ConnectionAsync();
        var phoneNumberId = await fixture.QueryAsync(db => db.Connections.Where(c => c.Id == connectionId).Select(c => c.PhoneNumberId).SingleAsync());
        return (connectionId, phoneNumberId);
    }

    /// <summary>A Cloud API delivery of text messages, as stored by the receiver.</summary>
    private WebhookInboxEntry Delivery(Guid connectionId, string phoneNumberId, IReadOnlyList<(string Wamid, string From)> messages, DateTimeOffset? sentAt = null)
    {
        var at = sentAt ?? fixture.Seed.NextTime();
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var contacts = string.Join(',', messages.Select(m => m.From).Distinct().Select(f => $$"""{"profile":{"name":"Customer {{f}}"},"wa_id":"{{f}}"}"""));
        var items = string.Join(',', messages.Select(m => $$$"""{"from":"{{{m.From}}}","id":"{{{m.Wamid}}}","timestamp":"{{{timestamp}}}","type":"text","text":{"body":"hello {{{m.Wamid}}}"}}"""));
        var body = $$$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{phoneNumberId}}}"},"contacts":[{{{contacts}}}],"messages":[{{{items}}}]}}]}]}""";
        return WebhookInboxEntry.Receive(connectionId, body, at);
    }

    private Task StoreAsync(IEnumerable<WebhookInboxEntry> entries) => fixture.ChangeAsync(db =>
    {
        db.WebhookInbox.AddRange(entries);
        return Task.CompletedTask;
    });

    private async Task<List<WebhookInboxEntry>> EntriesAsync(IEnumerable<WebhookInboxEntry> entries)
    {
        var ids = entries.Select(e => e.Id).ToList();
        return await fixture.QueryAsync(db => db.WebhookInbox.Where(e => ids.Contains(e.Id)).ToListAsync());
    }

    private async Task<List<string>> StoredWamidsAsync(Guid connectionId) =>
        (await fixture.QueryAsync(db => db.Messages.Where(m => m.ConnectionId == connectionId).Select(m => m.Wamid!).ToListAsync())).Order(StringComparer.Ordinal).ToList();

    /// <summary>Starts a processor (an instance's, with <paramref name="loops"/> processing loops) on the test database.</summary>
    private RunningProcessor Start(int loops = 1)
    {
        var services = fixture.Services;
        var processor = new WebhookInboxProcessor(
            services.GetRequiredService<IServiceScopeFactory>(),
            fixture.Signal,
            services.GetRequiredService<WebhookAcknowledgementTimes>(),
            services.GetRequiredService<MessagingOptions>() with { WebhookProcessingLoops = loops },
            TimeProvider.System,
            services.GetRequiredService<ILogger<WebhookInboxProcessor>>());
        return new RunningProcessor(processor);
    }

    /// <summary>Waits (polling, at most two minutes unless said otherwise) until no entry of the connection is pending.</summary>
    private async Task WaitUntilDrainedAsync(Guid connectionId, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        while (await fixture.QueryAsync(db => db.WebhookInbox.AnyAsync(e => e.ConnectionId == connectionId && e.Status == InboxStatus.Pending)))
        {
            Assert.True(deadline.Elapsed < (within ?? TimeSpan.FromMinutes(2)), "the inbox did not drain");
            await Task.Delay(100);
        }
    }

    private sealed class RunningProcessor : IAsyncDisposable
    {
        private readonly WebhookInboxProcessor _processor;

        public RunningProcessor(WebhookInboxProcessor processor)
        {
            _processor = processor;
            _processor.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        public async ValueTask DisposeAsync()
        {
            await _processor.StopAsync(CancellationToken.None);
            _processor.Dispose();
        }
    }
}
