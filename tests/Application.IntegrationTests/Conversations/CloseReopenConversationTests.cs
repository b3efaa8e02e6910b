using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Conversations.CloseConversation;
using WhatsSuite.Application.Conversations.ReopenConversation;
using WhatsSuite.Application.Conversations.UnassignConversation;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>Giving back, closing and reopening: who may, from which state, and what each leaves behind.</summary>
public sealed class CloseReopenConversationTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task Close_ByTheAssignee_ClosesItAndReleasesTheAssignee()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);

        var result = await fixture.SendAsync(agent.Actor, new CloseConversationCommand(conversation.Id));

        Assert.Equal(ConversationStatus.CLOSED, result.Value.Status);
        Assert.Null(result.Value.Assignee);
        var stored = await fixture.ConversationAsync(conversation.Id);
        Assert.Equal((ConversationStatus.CLOSED, (Guid?)null), (stored.Status, stored.AssigneeId));
        Assert.NotNull(stored.ClosedAt);
        Assert.Equal(AuditOutcome.Success, Assert.Single(await fixture.AuditAsync("CloseConversation", conversation.Id)).Outcome);
    }

    [Fact]
    public async Task Close_WaitingInTheAgentsQueue_OnlyItsSupervisorMayCloseIt()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue);

        var byAgent = await fixture.SendAsync(agent.Actor, new CloseConversationCommand(conversation.Id));
        Assert.Equal(ConversationErrors.NotAssignee.Code, byAgent.Error?.Code);
        Assert.Equal(ConversationStatus.UNASSIGNED, (await fixture.ConversationAsync(conversation.Id)).Status);

        Assert.True((await fixture.SendAsync(supervisor.Actor, new CloseConversationCommand(conversation.Id))).IsSuccess);
        var twice = await fixture.SendAsync(supervisor.Actor, new CloseConversationCommand(conversation.Id));
        Assert.Equal(ConversationErrors.AlreadyClosed.Code, twice.Error?.Code);

        var audit = await fixture.AuditAsync("CloseConversation", conversation.Id);
        Assert.Equal(
            [(AuditOutcome.Failed, ConversationErrors.NotAssignee.Code), (AuditOutcome.Success, null), (AuditOutcome.Failed, ConversationErrors.AlreadyClosed.Code)],
            audit.Select(a => (a.Outcome, a.Reason)));
    }

    [Fact]
    public async Task Reopen_BySupervisor_WaitsUnassignedAndWakesAutoAssignment()
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.CLOSED);
        var wakeUps = fixture.Signal.Notifications(BackgroundWork.AutoAssignment);

        var result = await fixture.SendAsync(supervisor.Actor, new ReopenConversationCommand(conversation.Id));

        Assert.Equal(ConversationStatus.UNASSIGNED, result.Value.Status);
        var stored = await fixture.ConversationAsync(conversation.Id);
        Assert.Equal((ConversationStatus.UNASSIGNED, (Guid?)null, (Guid?)queue, (DateTimeOffset?)null), (stored.Status, stored.AssigneeId, stored.QueueId, stored.ClosedAt));
        Assert.Equal(wakeUps + 1, fixture.Signal.Notifications(BackgroundWork.AutoAssignment));

        var notClosed = await fixture.SendAsync(supervisor.Actor, new ReopenConversationCommand(conversation.Id));
        Assert.Equal(ConversationErrors.NotClosed.Code, notClosed.Error?.Code);
        Assert.Equal(wakeUps + 1, fixture.Signal.Notifications(BackgroundWork.AutoAssignment));
    }

    [Fact]
    public async Task Reopen_ByAgent_IsRefusedWhetherTheySeeItOrNot()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var waiting = await Seed.ConversationAsync(connection, queue);
        var closed = await Seed.ConversationAsync(connection, queue, ConversationStatus.CLOSED);

        var onWaiting = await fixture.SendAsync(agent.Actor, new ReopenConversationCommand(waiting.Id));
        var onClosed = await fixture.SendAsync(agent.Actor, new ReopenConversationCommand(closed.Id));

        Assert.Equal(ConversationErrors.SupervisorsOnly.Code, onWaiting.Error?.Code);

        // Closed conversations are not visible to agents: the answer does not say it exists.
        Assert.Equal("conversations.not_found", onClosed.Error?.Code);
        var denied = Assert.Single(await fixture.AuditAsync("ReopenConversation", closed.Id));
        Assert.Equal((AuditOutcome.Denied, ConversationAccess.DenialReasons.ClosedNotVisible), (denied.Outcome, denied.Reason));
        Assert.Equal(ConversationStatus.CLOSED, (await fixture.ConversationAsync(closed.Id)).Status);
    }

    [Fact]
    public async Task Unassign_ByTheAssigneeOrTheQueuesSupervisor_GivesItBackToTheQueue()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var outsider = await Seed.UserAsync(Role.SUPERVISOR, await Seed.QueueAsync());
        var connection = await Seed.ConnectionAsync([queue]);
        var mine = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);
        var held = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id);

        Assert.Equal(ConversationStatus.UNASSIGNED, (await fixture.SendAsync(agent.Actor, new UnassignConversationCommand(mine.Id))).Value.Status);
        Assert.Equal(ConversationErrors.NotOpen.Code, (await fixture.SendAsync(agent.Actor, new UnassignConversationCommand(mine.Id))).Error?.Code);
        Assert.Equal("conversations.not_found", (await fixture.SendAsync(outsider.Actor, new UnassignConversationCommand(held.Id))).Error?.Code);
        Assert.Equal(agent.Id, (await fixture.ConversationAsync(held.Id)).AssigneeId);

        Assert.True((await fixture.SendAsync(supervisor.Actor, new UnassignConversationCommand(held.Id))).IsSuccess);
        var stored = await fixture.ConversationAsync(held.Id);
        Assert.Equal((ConversationStatus.UNASSIGNED, (Guid?)null, (Guid?)queue), (stored.Status, stored.AssigneeId, stored.QueueId));
    }
}
