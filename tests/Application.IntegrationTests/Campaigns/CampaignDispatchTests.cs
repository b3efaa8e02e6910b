using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.DispatchCampaignBatch;
using WhatsSuite.Application.Campaigns.PauseCampaign;
using WhatsSuite.Application.Campaigns.ResumeCampaign;
using WhatsSuite.Application.Campaigns.ScheduleCampaign;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.Campaigns.StartDueCampaigns;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Messages.RecordSendResults;
using WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Users;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Campaigns;

/// <summary>
/// The dispatcher's batches: each recipient handed to the outbox exactly once (a claim rolled back, two dispatchers at
/// once), variables rendered, opt-outs skipped at send time, the daily cap and the stop time, allowed hours, pause and
/// resume, and the send results and statuses followed into the ledger up to the campaign's completion.
/// </summary>
public sealed class CampaignDispatchTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly Actor Job = Actor.System("campaign-dispatch");

    private Seeder Seed => fixture.Seed;

    private sealed record Running(TestUser Supervisor, Guid Campaign, Guid Connection, Guid Queue, List<string> Numbers);

    /// <summary>A running campaign on one connection, its audience <paramref name="recipients"/> new numbers and the given contacts.</summary>
    private async Task<Running> RunningAsync(int recipients, CampaignPaceInput? pace = null, IReadOnlyList<string>? extra = null)
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var connection = await Seed.ConnectionAsync([queue]);
        var name = $"promo_{Guid.NewGuid():N}"[..20];
        await Seed.TemplateAsync(connection, name, "es", bodyVariables: 2);
        var created = await fixture.SendAsync(supervisor.Actor, new CreateCampaignCommand(
            "Hot Sale", [connection], new CampaignTemplateInput(name, "es", new Dictionary<string, string> { ["body.1"] = "contact.name", ["body.2"] = "text:HOT25" }), queue, null, pace));
        Assert.True(created.IsSuccess, created.Error?.Message);
        var numbers = Enumerable.Range(0, recipients).Select(_ => Seeder.RandomNumber()).Concat(extra ?? []).ToList();
        Assert.True((await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(created.Value.Id, null, numbers))).IsSuccess);
        Assert.True((await fixture.SendAsync(supervisor.Actor, new ScheduleCampaignCommand(created.Value.Id))).IsSuccess);
        var started = await fixture.SendAsync(Job, new StartDueCampaignsCommand());
        Assert.Contains(started.Value, c => c.Id == created.Value.Id);
        return new Running(supervisor, created.Value.Id, connection, queue, numbers);
    }

    /// <summary>One batch, without waiting for the pace (the batch interval is tested on its own).</summary>
    private async Task<Result<CampaignBatchResult>> BatchAsync(Guid campaign, int limit = DispatchCampaignBatchCommand.MaxLimit)
    {
        await fixture.ChangeAsync(db => db.Campaigns.Where(c => c.Id == campaign).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastDispatchedAt, (DateTimeOffset?)null)));
        return await fixture.SendAsync(Job, new DispatchCampaignBatchCommand(campaign, limit));
    }

    private Task<List<CampaignRecipient>> LedgerAsync(Guid campaign) =>
        fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaign && r.Phone != null).ToListAsync());

    private Task<List<Message>> MessagesAsync(IReadOnlyCollection<Guid> ids) =>
        fixture.QueryAsync(db => db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());

    private Task<CampaignStatus> StatusAsync(Guid campaign) =>
        fixture.QueryAsync(db => db.Campaigns.Where(c => c.Id == campaign).Select(c => c.Status).SingleAsync());

    [Fact]
    public async Task Handle_RunningCampaign_QueuesOneTemplateMessagePerRecipientWithItsVariablesInAClosedConversationOfTheQueue()
    {
        var run = await RunningAsync(3);

        var batch = await BatchAsync(run.Campaign);

        Assert.Equal((CampaignBatchOutcome.Dispatched, 3, 0, 0), (batch.Value.Outcome, batch.Value.Dispatched, batch.Value.Skipped, batch.Value.Failed));
        var ledger = await LedgerAsync(run.Campaign);
        Assert.All(ledger, r => Assert.Equal((CampaignRecipientStatus.Sending, run.Connection), (r.Status, r.ConnectionId!.Value)));
        var messages = await MessagesAsync(ledger.Select(r => r.MessageId!.Value).ToList());
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Equal((MessageStatus.Queued, MessageTypes.Template, run.Connection), (m.Status, m.Type, m.ConnectionId)));
        var number = run.Numbers[0];
        var first = messages.Single(m => m.Id == ledger.Single(r => r.Phone == number).MessageId);
        using (var content = System.Text.Json.JsonDocument.Parse(first.Content))
        {
            var body = content.RootElement.GetProperty("components")[0];
            Assert.Equal("body", body.GetProperty("type").GetString());
            Assert.Equal([$"+{number}", "HOT25"], body.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("text").GetString()).ToList());
        }

        var conversations = await fixture.QueryAsync(db => db.Conversations.AsNoTracking().Where(c => messages.Select(m => m.ConversationId).Contains(c.Id)).ToListAsync());
        Assert.All(conversations, c => Assert.Equal((ConversationStatus.CLOSED, (Guid?)run.Queue), (c.Status, c.QueueId)));
        var audit = Assert.Single(await fixture.AuditAsync("DispatchCampaignBatch", run.Campaign), a => a.Reason == "dispatched 3, skipped 0, failed 0");
        Assert.Equal(("job:campaign-dispatch", AuditOutcome.Success), (audit.ActorId, audit.Outcome));

        // Nothing pending is left, but messages are still being sent: the campaign waits for their results.
        Assert.Equal(CampaignBatchOutcome.Idle, (await BatchAsync(run.Campaign)).Value.Outcome);
    }

    [Fact]
    public async Task Handle_ClaimRolledBackBeforeTheCommit_LeavesEveryRowPendingAndTheNextBatchSendsEachOnce()
    {
        var run = await RunningAsync(4);

        // The worker dies between its claim and its commit: the claim is taken inside a transaction that never commits.
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var claimed = await scope.ServiceProvider.GetRequiredService<ICampaignRecipientClaims>().ClaimAsync(run.Campaign, DateTimeOffset.UtcNow, 10, CancellationToken.None);
            Assert.Equal(4, claimed.Count);
        }

        Assert.All(await LedgerAsync(run.Campaign), r => Assert.Equal((CampaignRecipientStatus.Pending, (Guid?)null), (r.Status, r.MessageId)));
        Assert.Equal(4, (await BatchAsync(run.Campaign)).Value.Dispatched);
        Assert.Equal(CampaignBatchOutcome.Idle, (await BatchAsync(run.Campaign)).Value.Outcome);
        var ledger = await LedgerAsync(run.Campaign);
        Assert.Equal(4, ledger.Select(r => r.MessageId).Distinct().Count());
        Assert.Equal(4, await fixture.QueryAsync(db => db.Messages.CountAsync(m => m.ConnectionId == run.Connection)));
    }

    [Fact]
    public async Task Handle_TwoDispatchersOnOneCampaignAtOnce_SendEachRecipientOnceAtOneBatchPerSecond()
    {
        var run = await RunningAsync(12);

        async Task<int> DispatcherAsync()
        {
            var dispatched = 0;
            for (var i = 0; i < 100; i++)
            {
                var result = await fixture.SendAsync(Job, new DispatchCampaignBatchCommand(run.Campaign, 3));
                if (!result.IsSuccess)
                {
                    continue;
                }

                if (result.Value.Outcome == CampaignBatchOutcome.Paced)
                {
                    await Task.Delay(result.Value.NextBatchAt!.Value - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
                    continue;
                }

                if (result.Value.Outcome != CampaignBatchOutcome.Dispatched)
                {
                    return dispatched;
                }

                dispatched += result.Value.Dispatched;
            }

            return dispatched;
        }

        var counts = await Task.WhenAll(DispatcherAsync(), DispatcherAsync());

        Assert.Equal(12, counts.Sum());
        var ledger = await LedgerAsync(run.Campaign);
        Assert.All(ledger, r => Assert.Equal(CampaignRecipientStatus.Sending, r.Status));
        Assert.Equal(12, await fixture.QueryAsync(db => db.Messages.CountAsync(m => m.ConnectionId == run.Connection)));
        var times = ledger.Select(r => r.DispatchedAt!.Value).Distinct().Order().ToList();
        Assert.Equal(4, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= Campaign.BatchInterval, $"{pair.First:O} → {pair.Second:O}"));
    }

    [Fact]
    public async Task Handle_ContactOptedOutAfterTheAudienceWasSet_IsSkippedAtSendTime()
    {
        var now = DateTimeOffset.UtcNow;
        var contact = Contact.Create(Seeder.RandomNumber(), "Ana", now);
        await fixture.ChangeAsync(db =>
        {
            db.Contacts.Add(contact);
            return Task.CompletedTask;
        });
        var run = await RunningAsync(1, extra: [contact.WaId!]);
        await fixture.ChangeAsync(async db => (await db.Contacts.SingleAsync(c => c.Id == contact.Id)).SetOptOut(true, DateTimeOffset.UtcNow));

        var batch = await BatchAsync(run.Campaign);

        Assert.Equal((1, 1), (batch.Value.Dispatched, batch.Value.Skipped));
        var row = Assert.Single(await LedgerAsync(run.Campaign), r => r.Phone == contact.WaId);
        Assert.Equal((CampaignRecipientStatus.Skipped, CampaignSkipReasons.OptedOut, (Guid?)null), (row.Status, row.SkipReason, row.MessageId));
    }

    [Fact]
    public async Task Handle_DailyCap_IsNeverExceededWithinTwentyFourHours()
    {
        var run = await RunningAsync(5, new CampaignPaceInput(null, 2));

        Assert.Equal(2, (await BatchAsync(run.Campaign)).Value.Dispatched);
        Assert.Equal(CampaignBatchOutcome.DailyCapReached, (await BatchAsync(run.Campaign)).Value.Outcome);

        // A day later the cap has room again.
        await fixture.ChangeAsync(db => db.CampaignRecipients.Where(r => r.CampaignId == run.Campaign && r.DispatchedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DispatchedAt, DateTimeOffset.UtcNow.AddHours(-25))));
        Assert.Equal(2, (await BatchAsync(run.Campaign)).Value.Dispatched);
        Assert.Equal(1, (await LedgerAsync(run.Campaign)).Count(r => r.Status == CampaignRecipientStatus.Pending));
    }

    [Fact]
    public async Task Handle_StopTimeReached_CompletesWithTheRestStillPending()
    {
        var run = await RunningAsync(3);
        await fixture.ChangeAsync(db => db.Campaigns.Where(c => c.Id == run.Campaign).ExecuteUpdateAsync(s => s.SetProperty(c => c.StopAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

        var batch = await BatchAsync(run.Campaign);

        Assert.Equal(CampaignBatchOutcome.Completed, batch.Value.Outcome);
        var campaign = await fixture.QueryAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == run.Campaign));
        Assert.Equal((CampaignStatus.Completed, DispatchCampaignBatchCommand.StopReachedReason), (campaign.Status, campaign.StatusReason));
        Assert.All(await LedgerAsync(run.Campaign), r => Assert.Equal(CampaignRecipientStatus.Pending, r.Status));
    }

    [Fact]
    public async Task Handle_OutsideAllowedHoursOrPaused_ClaimsNothingUntilResumed()
    {
        var run = await RunningAsync(2);
        var hour = TimeOnly.FromDateTime(DateTime.UtcNow);
        await fixture.ChangeAsync(db => db.Campaigns.Where(c => c.Id == run.Campaign).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.AllowedFrom, (TimeOnly?)hour.AddHours(2))
            .SetProperty(c => c.AllowedUntil, (TimeOnly?)hour.AddHours(3))));
        Assert.Equal(CampaignBatchOutcome.OutsideAllowedHours, (await BatchAsync(run.Campaign)).Value.Outcome);
        await fixture.ChangeAsync(db => db.Campaigns.Where(c => c.Id == run.Campaign).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.AllowedFrom, (TimeOnly?)null).SetProperty(c => c.AllowedUntil, (TimeOnly?)null)));

        Assert.True((await fixture.SendAsync(run.Supervisor.Actor, new PauseCampaignCommand(run.Campaign, null))).IsSuccess);
        Assert.Equal(CampaignBatchOutcome.NotRunning, (await BatchAsync(run.Campaign)).Value.Outcome);
        Assert.All(await LedgerAsync(run.Campaign), r => Assert.Equal(CampaignRecipientStatus.Pending, r.Status));

        Assert.Equal(CampaignStatus.Running, (await fixture.SendAsync(run.Supervisor.Actor, new ResumeCampaignCommand(run.Campaign))).Value.Status);
        Assert.Equal(2, (await BatchAsync(run.Campaign)).Value.Dispatched);
    }

    [Fact]
    public async Task Handle_SendResultsAndStatuses_FollowIntoTheLedgerAndTheCampaignCompletes()
    {
        var run = await RunningAsync(3);
        await BatchAsync(run.Campaign);
        var rows = (await LedgerAsync(run.Campaign)).OrderBy(r => r.Id).ToList();
        var outbox = Actor.System("outbox");

        // The three results finished together: the outbox records them in one command.
        var recorded = await fixture.SendAsync(outbox, new RecordSendResultsCommand(
        [
            new SendResult(rows[0].MessageId!.Value, GatewaySendResult.Accepted($"wamid.{Guid.NewGuid():N}")),
            new SendResult(rows[1].MessageId!.Value, GatewaySendResult.Failed(new GatewayError("131026", "Message undeliverable", null, Retryable: false, CredentialsInvalid: false))),
            new SendResult(rows[2].MessageId!.Value, GatewaySendResult.Failed(new GatewayError("131056", "Pair rate limit hit", null, Retryable: true, CredentialsInvalid: false))),
        ]));
        Assert.True(recorded.IsSuccess);
        Assert.Equal(
            [(rows[0].MessageId!.Value, MessageStatus.Sent), (rows[1].MessageId!.Value, MessageStatus.Failed), (rows[2].MessageId!.Value, MessageStatus.Queued)],
            recorded.Value.Select(r => (r.MessageId, r.Status)));

        var ledger = (await LedgerAsync(run.Campaign)).ToDictionary(r => r.Id);
        Assert.Equal(CampaignRecipientStatus.Sent, ledger[rows[0].Id].Status);
        Assert.Equal((CampaignRecipientStatus.Failed, "131026"), (ledger[rows[1].Id].Status, ledger[rows[1].Id].ErrorCode));

        // The accepted send dates the row (the progress rate and the reply window count from it); a failed one does not.
        Assert.NotNull(ledger[rows[0].Id].SentAt);
        Assert.Null(ledger[rows[1].Id].SentAt);

        // 131056 backs off the recipient's message in the outbox: the row stays sending, the campaign keeps running.
        Assert.Equal(CampaignRecipientStatus.Sending, ledger[rows[2].Id].Status);
        Assert.Equal(CampaignBatchOutcome.Idle, (await BatchAsync(run.Campaign)).Value.Outcome);
        Assert.True((await fixture.SendAsync(outbox, new RecordSendResultsCommand([new SendResult(rows[2].MessageId!.Value, GatewaySendResult.Accepted($"wamid.{Guid.NewGuid():N}"))]))).IsSuccess);

        Assert.Equal(CampaignBatchOutcome.Completed, (await BatchAsync(run.Campaign)).Value.Outcome);
        Assert.Equal(CampaignStatus.Completed, await StatusAsync(run.Campaign));
    }

    [Fact]
    public async Task ProcessWebhookDelivery_StatusesOfSeveralNumbersInOneBatch_MoveMessagesAndLedgerAsOneAtATimeWouldWithTheReadsOfOne()
    {
        var first = await RunningAsync(5);
        var second = await RunningAsync(2);
        var wamids = new Dictionary<Guid, string>();
        var rows = new List<CampaignRecipient>();
        foreach (var run in new[] { first, second })
        {
            await BatchAsync(run.Campaign);
            var campaignRows = (await LedgerAsync(run.Campaign)).OrderBy(r => r.Id).ToList();
            rows.AddRange(campaignRows);
            var results = campaignRows.Select(r => new SendResult(r.MessageId!.Value, GatewaySendResult.Accepted($"wamid.{Guid.NewGuid():N}"))).ToList();
            Assert.True((await fixture.SendAsync(Actor.System("outbox"), new RecordSendResultsCommand(results))).IsSuccess);
            foreach (var result in results)
            {
                wamids[result.MessageId] = result.Result.Wamid!;
            }
        }

        var phoneNumberIds = await fixture.QueryAsync(db => db.Connections.Where(c => c.Id == first.Connection || c.Id == second.Connection).ToDictionaryAsync(c => c.Id, c => c.PhoneNumberId));
        var at = fixture.Seed.NextTime();
        WebhookInboxEntry Status(CampaignRecipient row, string status, int seconds, string? errorCode = null)
        {
            var connection = row.CampaignId == first.Campaign ? first.Connection : second.Connection;
            var errors = errorCode is null ? string.Empty : $$$""","errors":[{"code":{{{errorCode}}},"title":"Message undeliverable"}]""";
            var body = $$$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{phoneNumberIds[connection]}}}"},"statuses":[{"id":"{{{wamids[row.MessageId!.Value]}}}","status":"{{{status}}}","timestamp":"{{{at.AddSeconds(seconds).ToUnixTimeSeconds()}}}","recipient_id":"{{{row.Phone}}}"{{{errors}}}}]}}]}]}""";
            return WebhookInboxEntry.Receive(connection, body, at.AddSeconds(seconds));
        }

        var alone = Status(rows[6], "delivered", 0);
        // Each message's statuses in the order WhatsApp sent them: late, out of order, a failure before and after a delivery.
        var batch = new[]
        {
            Status(rows[0], "delivered", 1), Status(rows[1], "read", 1), Status(rows[2], "failed", 1, "131026"), Status(rows[3], "delivered", 1),
            Status(rows[0], "read", 2), Status(rows[1], "delivered", 2), Status(rows[2], "delivered", 2), Status(rows[3], "failed", 2, "131026"),
            Status(rows[4], "sent", 0), Status(rows[5], "read", 3),
        };
        await fixture.ChangeAsync(db =>
        {
            db.WebhookInbox.AddRange([alone, .. batch]);
            return Task.CompletedTask;
        });

        var one = fixture.Commands.Start();
        Assert.True((await fixture.SendAsync(Actor.System("webhook-inbox"), new ProcessWebhookDeliveryCommand([alone.Id]))).IsSuccess);
        var readsForOne = one.Count("SELECT");
        var all = fixture.Commands.Start();
        Assert.True((await fixture.SendAsync(Actor.System("webhook-inbox"), new ProcessWebhookDeliveryCommand([.. batch.Select(e => e.Id)]))).IsSuccess);

        // Ten statuses of two numbers are read as one is; the ledger follows in one statement per kind of move and round.
        Assert.Equal(readsForOne, all.Count("SELECT"));
        Assert.Equal(5, all.Count("UPDATE campaign_recipients"));
        var messages = (await MessagesAsync([.. rows.Select(r => r.MessageId!.Value)])).ToDictionary(m => m.Id);
        var ledger = (await LedgerAsync(first.Campaign)).Concat(await LedgerAsync(second.Campaign)).ToDictionary(r => r.Id);
        (MessageStatus, string?, CampaignRecipientStatus, string?) Outcome(int i) =>
            (messages[rows[i].MessageId!.Value].Status, messages[rows[i].MessageId!.Value].ErrorCode, ledger[rows[i].Id].Status, ledger[rows[i].Id].ErrorCode);
        Assert.Equal((MessageStatus.Read, null, CampaignRecipientStatus.Read, null), Outcome(0));
        Assert.Equal((MessageStatus.Read, null, CampaignRecipientStatus.Read, null), Outcome(1));
        // A failure, then a delivery to another of the customer's devices: the message was delivered; the ledger keeps the failure.
        Assert.Equal((MessageStatus.Delivered, "131026", CampaignRecipientStatus.Failed, "131026"), Outcome(2));
        // A failure after the delivery moves neither.
        Assert.Equal((MessageStatus.Delivered, null, CampaignRecipientStatus.Delivered, null), Outcome(3));
        Assert.Equal((MessageStatus.Sent, null, CampaignRecipientStatus.Sent, null), Outcome(4));
        Assert.Equal((MessageStatus.Read, null, CampaignRecipientStatus.Read, null), Outcome(5));
        Assert.Equal((MessageStatus.Delivered, null, CampaignRecipientStatus.Delivered, null), Outcome(6));
        Assert.Equal(11, await fixture.QueryAsync(db => db.MessageStatusEvents.CountAsync(e => wamids.Values.Contains(e.Wamid))));
    }

    [Fact]
    public async Task SaveMessage_StatusMovedMeanwhileByAnotherWorker_ConflictsInsteadOfMovingItBack()
    {
        var run = await RunningAsync(1);
        await BatchAsync(run.Campaign);
        var messageId = (await LedgerAsync(run.Campaign)).Single().MessageId!.Value;
        Assert.True((await fixture.SendAsync(Actor.System("outbox"), new RecordSendResultsCommand([new SendResult(messageId, GatewaySendResult.Accepted($"wamid.{Guid.NewGuid():N}"))]))).IsSuccess);
        await using var scope = fixture.Services.CreateAsyncScope();
        var slow = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stale = await slow.Messages.SingleAsync(m => m.Id == messageId);
        var now = DateTimeOffset.UtcNow;

        // Another worker applies "read" first; this one, holding the message as "sent", then applies "delivered".
        await fixture.ChangeAsync(async db => Assert.True((await db.Messages.SingleAsync(m => m.Id == messageId)).ApplyStatus(MessageStatus.Read, now, null, null, now)));
        Assert.True(stale.ApplyStatus(MessageStatus.Delivered, now, null, null, now));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => slow.SaveChangesAsync());
        Assert.Equal(MessageStatus.Read, (await MessagesAsync([messageId])).Single().Status);
    }

    [Fact]
    public async Task RecordSendResults_GroupWithAMessageAlreadyRecorded_LeavesItAloneAndAuditsEachMessage()
    {
        var run = await RunningAsync(3);
        await BatchAsync(run.Campaign);
        var ids = (await LedgerAsync(run.Campaign)).OrderBy(r => r.Id).Select(r => r.MessageId!.Value).ToList();
        var outbox = Actor.System("outbox");
        var firstWamid = $"wamid.{Guid.NewGuid():N}";
        Assert.True((await fixture.SendAsync(outbox, new RecordSendResultsCommand([new SendResult(ids[0], GatewaySendResult.Accepted(firstWamid))]))).IsSuccess);

        // The first message's result comes again (a send whose lease had ended), with the other two's.
        var recorded = await fixture.SendAsync(outbox, new RecordSendResultsCommand(
        [
            new SendResult(ids[0], GatewaySendResult.Accepted($"wamid.{Guid.NewGuid():N}")),
            new SendResult(ids[1], GatewaySendResult.Accepted($"wamid.{Guid.NewGuid():N}")),
            new SendResult(ids[2], GatewaySendResult.Failed(new GatewayError("131047", "Re-engagement message", null, Retryable: false, CredentialsInvalid: false))),
        ]));

        Assert.True(recorded.IsSuccess);
        Assert.Equal([false, true, true], recorded.Value.Select(r => r.Recorded));
        Assert.Equal(firstWamid, await fixture.QueryAsync(db => db.Messages.Where(m => m.Id == ids[0]).Select(m => m.Wamid).SingleAsync()));
        var targets = ids.Select(id => id.ToString()).ToList();
        var audit = await fixture.QueryAsync(db => db.AuditLogs.AsNoTracking()
            .Where(a => a.Action == "RecordSendResults" && (a.TargetId == null || targets.Contains(a.TargetId)))
            .OrderBy(a => a.Sequence)
            .Select(a => new { a.ActorId, a.TargetType, a.TargetId, a.Reason, a.Outcome })
            .ToListAsync());
        Assert.Contains(audit, a => a is { TargetId: null, ActorId: "job:outbox", TargetType: "message", Reason: "failed: 1, not_queued: 1, sent: 1", Outcome: AuditOutcome.Success });
        Assert.Equal(
            [(targets[0], "sent"), (targets[0], "not_queued"), (targets[1], "sent"), (targets[2], "failed: 131047")],
            audit.Where(a => a.TargetId is not null).Select(a => (a.TargetId!, a.Reason!)));
    }

    [Fact]
    public async Task Handle_TokenRefused_ReturnsTheRecipientToPendingPausesTheCampaignAndMarksTheConnection()
    {
        var run = await RunningAsync(2);
        await BatchAsync(run.Campaign);
        var row = (await LedgerAsync(run.Campaign)).OrderBy(r => r.Id).First();

        var recorded = await fixture.SendAsync(Actor.System("outbox"), new RecordSendResultsCommand([new SendResult(row.MessageId!.Value, GatewaySendResult.Failed(new GatewayError("190", "Invalid OAuth access token", null, Retryable: false, CredentialsInvalid: true)))]));

        Assert.True(recorded.IsSuccess);
        var back = (await LedgerAsync(run.Campaign)).Single(r => r.Id == row.Id);
        Assert.Equal((CampaignRecipientStatus.Pending, (Guid?)null, (DateTimeOffset?)null), (back.Status, back.MessageId, back.DispatchedAt));
        var campaign = await fixture.QueryAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == run.Campaign));
        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        Assert.StartsWith("credentials_rejected", campaign.StatusReason, StringComparison.Ordinal);
        Assert.Equal(ConnectionStatus.InvalidCredentials, await fixture.QueryAsync(db => db.Connections.Where(c => c.Id == run.Connection).Select(c => c.Status).SingleAsync()));

        // Resuming needs a working token again.
        Assert.Equal("campaigns.connection_unavailable", (await fixture.SendAsync(run.Supervisor.Actor, new ResumeCampaignCommand(run.Campaign))).Error?.Code);
    }

    [Fact]
    public async Task Handle_MediaHeaderAndCouponTemplate_RendersTheirTypesAndFailsARecipientWhoseValueDoesNotFit()
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var connection = await Seed.ConnectionAsync([queue]);
        var name = $"oferta_{Guid.NewGuid():N}"[..20];
        await Seed.TemplateAsync(connection, name, "es", components: """
            [{"type":"HEADER","format":"DOCUMENT","example":{"header_handle":["h"]}},{"type":"BODY","text":"Hola"},
             {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"SAVE10"}]}]
            """);
        var longName = Contact.Create(Seeder.RandomNumber(), "Un nombre demasiado largo", DateTimeOffset.UtcNow);
        await fixture.ChangeAsync(db =>
        {
            db.Contacts.Add(longName);
            return Task.CompletedTask;
        });
        var variables = new Dictionary<string, string> { ["header.1"] = "text:https://cdn.example/lista.pdf", ["header.filename"] = "text:Lista.pdf", ["button.0"] = "contact.name" };
        var created = await fixture.SendAsync(supervisor.Actor, new CreateCampaignCommand("Lista", [connection], new CampaignTemplateInput(name, "es", variables), queue, null, null));
        Assert.True(created.IsSuccess, created.Error?.Message);
        var plain = Seeder.RandomNumber();
        Assert.True((await fixture.SendAsync(supervisor.Actor, new SetCampaignAudienceCommand(created.Value.Id, null, [plain, longName.WaId!]))).IsSuccess);
        Assert.True((await fixture.SendAsync(supervisor.Actor, new ScheduleCampaignCommand(created.Value.Id))).IsSuccess);
        await fixture.SendAsync(Job, new StartDueCampaignsCommand());

        var batch = await BatchAsync(created.Value.Id);

        Assert.Equal((1, 1), (batch.Value.Dispatched, batch.Value.Failed));
        var ledger = await LedgerAsync(created.Value.Id);
        var failed = ledger.Single(r => r.Phone == longName.WaId);
        Assert.Equal((CampaignRecipientStatus.Failed, CampaignErrors.VariableInvalidCode, (Guid?)null), (failed.Status, failed.ErrorCode, failed.MessageId));
        Assert.Contains("coupon code", failed.ErrorTitle, StringComparison.Ordinal);
        var sent = Assert.Single(await MessagesAsync([ledger.Single(r => r.Phone == plain).MessageId!.Value]));
        var expected = System.Text.Json.Nodes.JsonNode.Parse(
            $$$"""{"name":"{{{name}}}","language":{"code":"es"},"components":[{"type":"header","parameters":[{"type":"document","document":{"link":"https://cdn.example/lista.pdf","filename":"Lista.pdf"}}]},{"type":"button","sub_type":"copy_code","index":"0","parameters":[{"type":"coupon_code","coupon_code":"+{{{plain}}}"}]}]}""");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, System.Text.Json.Nodes.JsonNode.Parse(sent.Content)), sent.Content);
    }
}
