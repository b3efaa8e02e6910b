using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Domain.UnitTests.Messages;

public sealed class MessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Outbound_StartsQueuedInTheOutbox()
    {
        var message = Outbound();

        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(Now, message.NextAttemptAt);
        Assert.Null(message.Wamid);
    }

    [Fact]
    public void MarkAccepted_LeavesTheOutboxAsSent()
    {
        var message = Outbound();

        message.MarkAccepted("wamid.A", Now);

        Assert.Equal((MessageStatus.Sent, "wamid.A", 1), (message.Status, message.Wamid, message.Attempts));
        Assert.Null(message.NextAttemptAt);
    }

    [Theory]
    [InlineData(MessageStatus.Read, MessageStatus.Delivered)]
    [InlineData(MessageStatus.Delivered, MessageStatus.Sent)]
    [InlineData(MessageStatus.Delivered, MessageStatus.Failed)]
    [InlineData(MessageStatus.Read, MessageStatus.Read)]
    public void ApplyStatus_Backwards_ChangesNothing(MessageStatus first, MessageStatus late)
    {
        var message = Outbound();
        message.MarkAccepted("wamid.A", Now);
        message.ApplyStatus(first, Now, null, null, Now);

        var applied = message.ApplyStatus(late, Now.AddSeconds(1), "131026", "Undeliverable", Now.AddSeconds(1));

        Assert.False(applied);
        Assert.Equal(first, message.Status);
    }

    [Fact]
    public void ApplyStatus_DeliveredAfterFailed_MovesForwards()
    {
        var message = Outbound();
        message.MarkAccepted("wamid.A", Now);
        Assert.True(message.ApplyStatus(MessageStatus.Failed, Now, "131026", "Undeliverable", Now));

        Assert.True(message.ApplyStatus(MessageStatus.Delivered, Now, null, null, Now));
        Assert.Equal(MessageStatus.Delivered, message.Status);
    }

    [Fact]
    public void ApplyStatus_ReadSkippingDelivered_IsApplied()
    {
        var message = Outbound();
        message.MarkAccepted("wamid.A", Now);

        Assert.True(message.ApplyStatus(MessageStatus.Read, Now, null, null, Now));
        Assert.Equal(MessageStatus.Read, message.Status);
    }

    [Fact]
    public void ApplyStatus_OnInbound_IsIgnored()
    {
        var message = Message.Inbound(Guid.NewGuid(), Guid.NewGuid(), "wamid.IN", MessageTypes.Text, "hola", "{}", null, null, Now, Now);

        Assert.False(message.ApplyStatus(MessageStatus.Read, Now, null, null, Now));
        Assert.Equal(MessageStatus.Received, message.Status);
    }

    [Fact]
    public void ScheduleRetry_KeepsItQueuedWithTheError()
    {
        var message = Outbound();

        message.ScheduleRetry(Now.AddSeconds(4), "130429", "Rate limit hit", Now);

        Assert.Equal((MessageStatus.Queued, 1, "130429"), (message.Status, message.Attempts, message.ErrorCode));
        Assert.Equal(Now.AddSeconds(4), message.NextAttemptAt);
    }

    [Fact]
    public void MarkFailed_LeavesTheOutboxWithCodeAndTitle()
    {
        var message = Outbound();

        message.MarkFailed("131047", "Re-engagement message", Now);

        Assert.Equal((MessageStatus.Failed, "131047", "Re-engagement message"), (message.Status, message.ErrorCode, message.ErrorTitle));
        Assert.Null(message.NextAttemptAt);
    }

    [Fact]
    public void StatusOrder_RanksEveryStatus()
    {
        var ranks = Enum.GetValues<MessageStatus>().Select(MessageStatusOrder.Rank).ToList();

        Assert.Equal(ranks.Count, ranks.Distinct().Count());
        Assert.True(MessageStatusOrder.IsForward(MessageStatus.Queued, MessageStatus.Sent));
        Assert.False(MessageStatusOrder.IsForward(MessageStatus.Read, MessageStatus.Delivered));
    }

    public static TheoryData<MessageStatus, MessageStatus> StatusPairs()
    {
        var pairs = new TheoryData<MessageStatus, MessageStatus>();
        foreach (var current in Enum.GetValues<MessageStatus>())
        {
            foreach (var next in Enum.GetValues<MessageStatus>())
            {
                pairs.Add(current, next);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(StatusPairs))]
    public void ApplyStatus_EveryPairOfStatuses_MovesOnlyAnOutboundMessageAndOnlyForwards(MessageStatus current, MessageStatus next)
    {
        var message = InStatus(current);

        var applied = message.ApplyStatus(next, Now, null, null, Now);

        Assert.Equal(current != MessageStatus.Received && MessageStatusOrder.Rank(next) > MessageStatusOrder.Rank(current), applied);
        Assert.Equal(applied ? next : current, message.Status);
        Assert.Equal(MessageStatusOrder.IsForward(current, next) && current != MessageStatus.Received, applied);
    }

    /// <summary>A message in <paramref name="status"/>, reached through the domain methods.</summary>
    private static Message InStatus(MessageStatus status)
    {
        if (status == MessageStatus.Received)
        {
            return Message.Inbound(Guid.NewGuid(), Guid.NewGuid(), "wamid.IN", MessageTypes.Text, "hola", "{}", null, null, Now, Now);
        }

        var message = Outbound();
        if (status == MessageStatus.Failed)
        {
            message.MarkFailed("131026", "Undeliverable", Now);
        }
        else if (status != MessageStatus.Queued)
        {
            message.MarkAccepted("wamid.OUT", Now);
            message.ApplyStatus(status, Now, null, null, Now);
        }

        Assert.Equal(status, message.Status);
        return message;
    }

    private static Message Outbound() =>
        Message.Outbound(Guid.NewGuid(), Guid.NewGuid(), MessageTypes.Text, "hello", """{"body":"hello"}""", Guid.NewGuid(), Now);
}
