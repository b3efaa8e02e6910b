using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Domain.UnitTests.Webhooks;

public sealed class WebhookInboxEntryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Receive_IsPendingAndDueAtOnce()
    {
        var entry = WebhookInboxEntry.Receive(Guid.NewGuid(), "{}", Now);

        Assert.Equal((InboxStatus.Pending, Now, 0), (entry.Status, entry.NextAttemptAt, entry.Attempts));
    }

    [Fact]
    public void RecordFailure_WithNextAttempt_StaysPending()
    {
        var entry = WebhookInboxEntry.Receive(Guid.NewGuid(), "{}", Now);

        entry.RecordFailure("database unavailable", Now.AddSeconds(4), Now);

        Assert.Equal((InboxStatus.Pending, Now.AddSeconds(4), 1), (entry.Status, entry.NextAttemptAt, entry.Attempts));
        Assert.Equal("database unavailable", entry.LastError);
    }

    [Fact]
    public void RecordFailure_WithoutNextAttempt_FailsAndOnlyFailedCanBeRetried()
    {
        var entry = WebhookInboxEntry.Receive(Guid.NewGuid(), "{}", Now);
        Assert.False(entry.Retry(Now));

        entry.RecordFailure("invalid_json", null, Now);
        Assert.Equal(InboxStatus.Failed, entry.Status);

        Assert.True(entry.Retry(Now.AddMinutes(1)));
        Assert.Equal((InboxStatus.Pending, Now.AddMinutes(1)), (entry.Status, entry.NextAttemptAt));
    }

    [Fact]
    public void RecordFailure_LongError_IsCut()
    {
        var entry = WebhookInboxEntry.Receive(Guid.NewGuid(), "{}", Now);

        entry.RecordFailure(new string('e', WebhookInboxEntry.MaxErrorLength + 10), null, Now);

        Assert.Equal(WebhookInboxEntry.MaxErrorLength, entry.LastError!.Length);
    }

    [Fact]
    public void Advance_LastChunkAfterAFailure_ProcessesAndClearsTheError()
    {
        var entry = WebhookInboxEntry.Receive(Guid.NewGuid(), "{}", Now);
        entry.RecordFailure("transient", Now, Now);

        entry.Advance(3, 3, 0, Now.AddSeconds(1), Now.AddSeconds(1));

        Assert.Equal((InboxStatus.Processed, (string?)null, 2), (entry.Status, entry.LastError, entry.Attempts));
    }

    [Fact]
    public void Advance_PartOfTheItems_StaysPendingUntilTheLastChunk()
    {
        var entry = WebhookInboxEntry.Receive(Guid.NewGuid(), "{}", Now);

        entry.Advance(100, 250, 1, Now.AddMilliseconds(1), Now);
        Assert.Equal((InboxStatus.Pending, 100, (int?)250, 1, Now.AddMilliseconds(1)), (entry.Status, entry.Progress, entry.ItemCount, entry.SplitItems, entry.NextAttemptAt));

        entry.Advance(250, 250, 0, Now, Now);
        Assert.Equal((InboxStatus.Processed, 250, 1, 1), (entry.Status, entry.Progress, entry.SplitItems, entry.Attempts));
    }

    [Fact]
    public void SplitOffFailed_KeepsTheParentTheErrorAndIsRetryable()
    {
        var parent = WebhookInboxEntry.ReceiveForApp("1234567890", "{}", Now);

        var child = WebhookInboxEntry.SplitOffFailed(parent, null, "{\"entry\":[]}", "unroutable: no connection", null, Now);

        Assert.Equal((parent.Id, "1234567890", (Guid?)null, InboxStatus.Failed), (child.ParentId, child.AppId, child.ConnectionId, child.Status));
        Assert.Equal("unroutable: no connection", child.LastError);
        Assert.True(child.Retry(Now));
    }
}
