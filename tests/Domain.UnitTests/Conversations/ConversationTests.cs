using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Domain.UnitTests.Conversations;

public sealed class ConversationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    [Fact]
    public void StartInbound_IsUnassignedInItsQueue()
    {
        var queue = Guid.NewGuid();
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), queue, Now);

        Assert.Equal(ConversationStatus.UNASSIGNED, conversation.Status);
        Assert.Equal(queue, conversation.QueueId);
        Assert.Null(conversation.AssigneeId);
    }

    [Fact]
    public void MarkRead_AfterInboundMessages_CountsThemThenResetsToZeroOnce()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        conversation.RecordInbound(Now, "one", Now);
        conversation.RecordInbound(Now.AddSeconds(1), "two", Now.AddSeconds(1));
        conversation.RecordOutbound(Now.AddSeconds(2), "answer", Now.AddSeconds(2));

        Assert.Equal(2, conversation.UnreadCount);
        Assert.True(conversation.MarkRead(Now.AddSeconds(3)));
        Assert.Equal(0, conversation.UnreadCount);
        Assert.Equal(Now.AddSeconds(3), conversation.UpdatedAt);
        Assert.False(conversation.MarkRead(Now.AddSeconds(4)));
        Assert.Equal(Now.AddSeconds(3), conversation.UpdatedAt);
    }

    [Fact]
    public void StartOutbound_IsOpenAndAssignedToTheCreator()
    {
        var creator = Guid.NewGuid();
        var conversation = Conversation.StartOutbound(Guid.NewGuid(), Guid.NewGuid(), null, creator, Now);

        Assert.Equal(ConversationStatus.OPEN, conversation.Status);
        Assert.Equal(creator, conversation.AssigneeId);
        Assert.Equal(Now, conversation.AssignedAt);
    }

    [Fact]
    public void RecordInbound_OnClosed_ReopensUnassignedWithoutTheOldAssignee()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        conversation.AssignTo(Guid.NewGuid(), Now);
        conversation.Close(Now.AddMinutes(1));

        var reopened = conversation.RecordInbound(Now.AddMinutes(2), "hola", Now.AddMinutes(2));

        Assert.True(reopened);
        Assert.Equal(ConversationStatus.UNASSIGNED, conversation.Status);
        Assert.Null(conversation.AssigneeId);
        Assert.Null(conversation.ClosedAt);
    }

    [Fact]
    public void RecordInbound_OnOpen_KeepsTheAssignee()
    {
        var agent = Guid.NewGuid();
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        conversation.AssignTo(agent, Now);

        var reopened = conversation.RecordInbound(Now.AddMinutes(1), "again", Now.AddMinutes(1));

        Assert.False(reopened);
        Assert.Equal((ConversationStatus.OPEN, agent), (conversation.Status, conversation.AssigneeId));
    }

    [Fact]
    public void RecordInbound_OlderMessageAfterNewer_KeepsTheNewestTimesAndPreview()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        conversation.RecordInbound(Now.AddMinutes(5), "newest", Now.AddMinutes(5));

        conversation.RecordInbound(Now.AddMinutes(1), "late older", Now.AddMinutes(6));

        Assert.Equal(Now.AddMinutes(5), conversation.LastInboundAt);
        Assert.Equal(Now.AddMinutes(5), conversation.LastMessageAt);
        Assert.Equal("newest", conversation.LastMessagePreview);
    }

    [Fact]
    public void RecordInbound_InOrderThenLate_MarksOnlyTheLateMessagesEarliestBucketForRecount()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        conversation.RecordInbound(Now.AddMinutes(40), "first", Now.AddMinutes(40));
        conversation.RecordOutbound(Now.AddMinutes(40), "same second", Now.AddMinutes(40));
        Assert.Null(conversation.RecountFrom);

        conversation.RecordInbound(Now.AddMinutes(22), "late", Now.AddMinutes(41));
        conversation.RecordSystemEvent(Now.AddMinutes(31), "later but still late", Now.AddMinutes(42));
        conversation.RecordInbound(Now.AddMinutes(50), "in order again", Now.AddMinutes(50));

        Assert.Equal(Now.AddMinutes(15), conversation.RecountFrom);
    }

    [Fact]
    public void Absorb_AnyConversation_MarksTheWholeHistoryForRecount()
    {
        var connectionId = Guid.NewGuid();
        var kept = Conversation.StartInbound(connectionId, Guid.NewGuid(), null, Now);
        kept.RecordInbound(Now, "mine", Now);
        var other = Conversation.StartInbound(connectionId, Guid.NewGuid(), null, Now);

        kept.Absorb(other, Now.AddMinutes(1));

        Assert.Equal(Conversation.RecountAll, kept.RecountFrom);
    }

    [Fact]
    public void RecordInbound_LongPreview_IsCut()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);

        conversation.RecordInbound(Now, new string('x', Conversation.MaxPreviewLength + 50), Now);

        Assert.Equal(Conversation.MaxPreviewLength, conversation.LastMessagePreview!.Length);
    }

    [Fact]
    public void IsInsideServiceWindow_FollowsTheLastInboundMessageOnly()
    {
        var conversation = Conversation.StartOutbound(Guid.NewGuid(), Guid.NewGuid(), null, Guid.NewGuid(), Now);
        Assert.False(conversation.IsInsideServiceWindow(Now, Window));

        conversation.RecordInbound(Now, "hi", Now);
        conversation.RecordOutbound(Now.AddHours(23), "reply", Now.AddHours(23));

        Assert.True(conversation.IsInsideServiceWindow(Now.AddHours(23).AddMinutes(59), Window));
        Assert.False(conversation.IsInsideServiceWindow(Now.AddHours(24), Window));
    }

    [Fact]
    public void Changes_BumpTheVersion()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        var before = conversation.Version;

        conversation.AssignTo(Guid.NewGuid(), Now);
        conversation.Unassign(Now);
        conversation.Close(Now);

        Assert.Equal(before + 3, conversation.Version);
    }

    [Fact]
    public void Reopen_OnlyFromClosed()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        Assert.False(conversation.Reopen(Now));

        conversation.Close(Now);

        Assert.True(conversation.Reopen(Now));
        Assert.Equal(ConversationStatus.UNASSIGNED, conversation.Status);
    }

    [Fact]
    public void Absorb_TakesTheLaterMessagesAndTheMoreActiveState()
    {
        var connectionId = Guid.NewGuid();
        var kept = Conversation.StartInbound(connectionId, Guid.NewGuid(), null, Now);
        kept.RecordInbound(Now, "old", Now);
        kept.Close(Now);
        var other = Conversation.StartInbound(connectionId, Guid.NewGuid(), Guid.NewGuid(), Now);
        other.RecordInbound(Now.AddMinutes(5), "new", Now);
        var agent = Guid.NewGuid();
        other.AssignTo(agent, Now.AddMinutes(6));

        kept.Absorb(other, Now.AddMinutes(7));

        Assert.Equal((ConversationStatus.OPEN, (Guid?)agent, "new", (DateTimeOffset?)Now.AddMinutes(5)), (kept.Status, kept.AssigneeId, kept.LastMessagePreview, kept.LastInboundAt));
        Assert.Equal(other.QueueId, kept.QueueId);
    }

    [Fact]
    public void RecordSystemEvent_ShowsTheLineWithoutReopeningOrOpeningTheWindow()
    {
        var conversation = Conversation.StartClosed(Guid.NewGuid(), Guid.NewGuid(), null, Now);

        conversation.RecordSystemEvent(Now.AddMinutes(1), "Changed their phone number", Now.AddMinutes(1));

        Assert.Equal((ConversationStatus.CLOSED, "Changed their phone number", (DateTimeOffset?)null), (conversation.Status, conversation.LastMessagePreview, conversation.LastInboundAt));
        Assert.False(conversation.IsInsideServiceWindow(Now.AddMinutes(2), TimeSpan.FromHours(24)));
    }

    [Fact]
    public void WarnInactive_OncePerIdlePeriod_AnyActivityStartsANewOne()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        Assert.False(conversation.WarnInactive(Now));
        conversation.AssignTo(Guid.NewGuid(), Now);

        Assert.True(conversation.WarnInactive(Now.AddMinutes(30)));
        Assert.False(conversation.WarnInactive(Now.AddMinutes(40)));
        Assert.Equal(Now.AddMinutes(30), conversation.InactivityWarnedAt);
        conversation.RecordOutbound(Now.AddMinutes(41), "sigo aquí", Now.AddMinutes(41));
        Assert.Null(conversation.InactivityWarnedAt);
        Assert.Equal(Now.AddMinutes(41), conversation.LastActivityAt);
        Assert.True(conversation.WarnInactive(Now.AddMinutes(80)));
    }

    [Fact]
    public void Close_ForInactivity_KeepsTheReasonUntilTheConversationReopens()
    {
        var conversation = Conversation.StartInbound(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        conversation.AssignTo(Guid.NewGuid(), Now);
        conversation.WarnInactive(Now.AddMinutes(30));

        conversation.Close(Now.AddMinutes(60), ConversationCloseReason.Inactivity);

        Assert.Equal((ConversationStatus.CLOSED, ConversationCloseReason.Inactivity), (conversation.Status, conversation.ClosedReason));
        Assert.Null(conversation.InactivityWarnedAt);
        conversation.RecordInbound(Now.AddMinutes(70), "hola", Now.AddMinutes(70));
        Assert.Null(conversation.ClosedReason);
        conversation.AssignTo(Guid.NewGuid(), Now.AddMinutes(71));
        conversation.Close(Now.AddMinutes(72));
        Assert.Equal(ConversationCloseReason.Manual, conversation.ClosedReason);
    }
}
