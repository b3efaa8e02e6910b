using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Api.IntegrationTests.Messages;

public sealed class OutboxDispatcherTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    /// <summary>Longer than any backoff the dispatcher chooses for the first attempts.</summary>
    private static readonly TimeSpan PastRetryDelay = TimeSpan.FromSeconds(30);

    private async Task<Guid> SendTextAsync(Guid conversationId, string text = "hola")
    {
        using var admin = fixture.Client(fixture.AdminToken);
        var response = await admin.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { type = "text", text });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<Message> WaitForAttemptsAsync(Guid messageId, int attempts)
    {
        await Eventually.TrueAsync(async () => (await fixture.Seeder.MessageAsync(messageId)).Attempts >= attempts, $"{attempts} attempt(s)");
        return await fixture.Seeder.MessageAsync(messageId);
    }

    [Fact]
    public async Task Dispatch_RetryableTwiceThenAccepted_IsSentAfterThreeAttempts()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        fixture.Gateway.Script(connection.Id, attempt => attempt <= 2
            ? GatewaySendResult.Failed(FakeWhatsAppGateway.Retryable(attempt == 1 ? "http_503" : "130429"))
            : FakeWhatsAppGateway.Accept());

        var id = await SendTextAsync(conversation.Id);

        var first = await WaitForAttemptsAsync(id, 1);
        Assert.Equal((MessageStatus.Queued, "http_503"), (first.Status, first.ErrorCode));
        Assert.True(first.NextAttemptAt > fixture.Clock.GetUtcNow(), "the retry waits");
        fixture.AdvanceAndWake(PastRetryDelay);
        Assert.Equal("130429", (await WaitForAttemptsAsync(id, 2)).ErrorCode);
        fixture.AdvanceAndWake(PastRetryDelay);
        var sent = await WaitForAttemptsAsync(id, 3);

        Assert.Equal(MessageStatus.Sent, sent.Status);
        Assert.Equal(3, sent.Attempts);
        Assert.NotNull(sent.Wamid);
        Assert.Null(sent.NextAttemptAt);
        Assert.Equal(3, fixture.Gateway.SendsOf(connection.Id).Count);
    }

    [Fact]
    public async Task Dispatch_AlwaysRetryable_FailsAfterOutboxMaxAttempts()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        fixture.Gateway.Script(connection.Id, _ => GatewaySendResult.Failed(FakeWhatsAppGateway.Retryable()));

        var id = await SendTextAsync(conversation.Id);
        for (var attempt = 1; attempt < MessagingFixture.MaxAttempts; attempt++)
        {
            await WaitForAttemptsAsync(id, attempt);
            fixture.AdvanceAndWake(PastRetryDelay);
        }

        var failed = await WaitForAttemptsAsync(id, MessagingFixture.MaxAttempts);
        Assert.Equal(MessageStatus.Failed, failed.Status);
        Assert.Equal("http_503", failed.ErrorCode);
        Assert.Null(failed.NextAttemptAt);
        fixture.AdvanceAndWake(PastRetryDelay);
        var (other, _, otherConversation) = await fixture.Seeder.OpenConversationAsync();
        await WaitForAttemptsAsync(await SendTextAsync(otherConversation.Id), 1);
        Assert.Equal(MessagingFixture.MaxAttempts, fixture.Gateway.SendsOf(connection.Id).Count);
        Assert.Single(fixture.Gateway.SendsOf(other.Id));
    }

    [Theory]
    [InlineData("131047", "Re-engagement message")]
    [InlineData("131026", "Message undeliverable")]
    public async Task Dispatch_PermanentError_FailsAtOnceWithCodeAndTitle(string code, string title)
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        fixture.Gateway.Script(connection.Id, _ => GatewaySendResult.Failed(FakeWhatsAppGateway.Permanent(code, title)));

        var failed = await WaitForAttemptsAsync(await SendTextAsync(conversation.Id), 1);

        Assert.Equal((MessageStatus.Failed, code, title), (failed.Status, failed.ErrorCode, failed.ErrorTitle));
        Assert.Null(failed.Wamid);
        Assert.Equal(ConnectionStatus.Active, (await fixture.Seeder.ReadConnectionAsync(connection.Id)).Status);
    }

    [Fact]
    public async Task Dispatch_TokenRejected_FailsTheMessageMarksTheConnectionAndHoldsTheNextOne()
    {
        var (connection, contact, conversation) = await fixture.Seeder.OpenConversationAsync();
        fixture.Gateway.Script(connection.Id, _ => GatewaySendResult.Failed(FakeWhatsAppGateway.InvalidToken()));

        var failed = await WaitForAttemptsAsync(await SendTextAsync(conversation.Id), 1);

        Assert.Equal((MessageStatus.Failed, "190"), (failed.Status, failed.ErrorCode));
        var stored = await fixture.Seeder.ReadConnectionAsync(connection.Id);
        Assert.Equal(ConnectionStatus.InvalidCredentials, stored.Status);
        Assert.Equal("graph_190: Error validating access token", stored.StatusReason);

        // A message already in the outbox (queued before the token was refused) waits; later ones are refused at the API.
        var held = (await fixture.Seeder.QueueTextsAsync(conversation.Id, connection.Id, ["¿sigue ahí?"]))[0];
        var (other, _, otherConversation) = await fixture.Seeder.OpenConversationAsync();
        await WaitForAttemptsAsync(await SendTextAsync(otherConversation.Id), 1);
        Assert.Equal((MessageStatus.Queued, 0), ((await fixture.Seeder.MessageAsync(held.Id)).Status, (await fixture.Seeder.MessageAsync(held.Id)).Attempts));
        Assert.Single(fixture.Gateway.SendsOf(connection.Id));
        Assert.Single(fixture.Gateway.SendsOf(other.Id));

        // A new token makes the connection active again, and the waiting message goes.
        fixture.Gateway.Script(connection.Id, _ => FakeWhatsAppGateway.Accept());
        await fixture.Seeder.ChangeConnectionAsync(connection.Id, (c, now) => c.ReplaceAccessToken(c.AccessTokenProtected, now));
        fixture.AdvanceAndWake(TimeSpan.FromSeconds(1));
        Assert.Equal(MessageStatus.Sent, (await WaitForAttemptsAsync(held.Id, 1)).Status);
        Assert.Equal(contact.WaId, fixture.Gateway.SendsOf(connection.Id)[^1].Request.To);
    }

    [Fact]
    public async Task Dispatch_ConnectionDeletedWhileQueued_FailsTheMessage()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        await fixture.Seeder.ChangeConnectionAsync(connection.Id, (c, now) => c.Delete(now));

        var held = (await fixture.Seeder.QueueTextsAsync(conversation.Id, connection.Id, ["hola"]))[0];
        fixture.AdvanceAndWake(TimeSpan.FromSeconds(1));

        var failed = await WaitForAttemptsAsync(held.Id, 1);
        Assert.Equal((MessageStatus.Failed, "connections.deleted"), (failed.Status, failed.ErrorCode));
        Assert.Empty(fixture.Gateway.SendsOf(connection.Id));
    }

    [Fact]
    public async Task Dispatch_StatusStoredBeforeTheSendAnswer_IsAppliedWhenTheWamidIsLearned()
    {
        var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
        fixture.Gateway.Script(connection.Id, async (_, _) =>
        {
            // The status webhooks overtake the send's answer: read first, then a late delivered.
            var wamid = $"wamid.fast.{Guid.NewGuid():N}";
            await fixture.Seeder.StatusEventAsync(connection.Id, wamid, MessageStatus.Read);
            await fixture.Seeder.StatusEventAsync(connection.Id, wamid, MessageStatus.Delivered);
            return GatewaySendResult.Accepted(wamid);
        });

        var sent = await WaitForAttemptsAsync(await SendTextAsync(conversation.Id), 1);

        Assert.Equal(MessageStatus.Read, sent.Status);
        Assert.StartsWith("wamid.fast.", sent.Wamid, StringComparison.Ordinal);
        Assert.NotNull(sent.StatusAt);
    }

    [Fact]
    public async Task Dispatch_SendsWaitingForWhatsApp_HoldNoDatabaseConnection()
    {
        // Three sends at once, each held inside the gateway until all three are there.
        const int sends = 3;
        var inside = 0;
        var allInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = new List<Guid>();
        for (var i = 0; i < sends; i++)
        {
            var (connection, _, conversation) = await fixture.Seeder.OpenConversationAsync();
            fixture.Gateway.Script(connection.Id, async (_, _) =>
            {
                if (Interlocked.Increment(ref inside) == sends)
                {
                    allInside.SetResult();
                }

                await release.Task;
                return FakeWhatsAppGateway.Accept();
            });
            queued.AddRange((await fixture.Seeder.QueueTextsAsync(conversation.Id, connection.Id, ["hola"])).Select(m => m.Id));
        }

        fixture.AdvanceAndWake(TimeSpan.Zero);
        await allInside.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The application's connections of this database in use, sampled while the three wait: each send held one
        // before (the reads before the send kept theirs); now none does, so the count is below three at least once.
        var used = new List<long>();
        var pooled = 0L;
        using (var listener = new MeterListener())
        {
            var sample = 0L;
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.connection.count")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<int>((_, value, tags, _) => Count(value, tags, ref sample, ref pooled));
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Count(value, tags, ref sample, ref pooled));
            listener.Start();
            for (var i = 0; i < 10; i++)
            {
                sample = 0;
                listener.RecordObservableInstruments();
                used.Add(sample);
                await Task.Delay(100);
            }
        }

        release.SetResult();
        foreach (var id in queued)
        {
            Assert.Equal(MessageStatus.Sent, (await WaitForAttemptsAsync(id, 1)).Status);
        }

        Assert.True(pooled > 0, "the pool of this class's database was measured");
        Assert.True(used.Min() < sends, $"connections in use while the sends waited: {string.Join(", ", used)}");
    }

    /// <summary>
    /// Adds a measurement of <c>db.client.connection.count</c> of this class's database to <paramref name="pooled"/>, and to
    /// <paramref name="sample"/> when it counts connections in use.
    /// </summary>
    private void Count(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, ref long sample, ref long pooled)
    {
        string? state = null, pool = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "db.client.connection.state":
                    state = tag.Value as string;
                    break;
                case "db.client.connection.pool.name":
                    pool = tag.Value as string;
                    break;
            }
        }

        if (pool is null || !pool.Contains(fixture.Database.Name, StringComparison.Ordinal))
        {
            return;
        }

        pooled += value;
        if (state == "used")
        {
            sample += value;
        }
    }
}
