using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Conversations.TransferConversation;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>The transfer rules, through the whole pipeline on PostgreSQL; the HTTP contract is tested in the API tests.</summary>
public sealed class TransferConversationTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task Transfer_ToAnotherAgentOfTheQueue_AssignsThemAndAuditsTheNote()
    {
        var queue = await Seed.QueueAsync();
        var holder = await Seed.UserAsync(Role.AGENTE, queue);
        var target = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, holder.Id);
        var actor = holder.Actor;

        var result = await fixture.SendAsync(actor, new TransferConversationCommand(conversation.Id, target.Id, null, "Cliente pide a Bruno"));

        Assert.True(result.IsSuccess);
        Assert.Equal(target.Id, result.Value.Assignee?.Id);
        var stored = await fixture.ConversationAsync(conversation.Id);
        Assert.Equal((ConversationStatus.OPEN, target.Id, queue), (stored.Status, stored.AssigneeId, stored.QueueId));
        var audit = Assert.Single(await fixture.AuditAsync("TransferConversation", conversation.Id));
        Assert.Equal((AuditOutcome.Success, "Cliente pide a Bruno", holder.Id.ToString(), ActorKind.User), (audit.Outcome, audit.Reason, audit.ActorId, audit.ActorKind));
        Assert.Equal((actor.IpAddress, actor.UserAgent, actor.RequestId), (audit.IpAddress, audit.UserAgent, audit.RequestId));
        Assert.Contains(fixture.Logs, line => line.Contains("TransferConversationCommand", StringComparison.Ordinal) && line.Contains(actor.RequestId!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transfer_RefusedTargets_AnswerTheRuleChangeNothingAndAuditTheFailure()
    {
        var q1 = await Seed.QueueAsync();
        var q2 = await Seed.QueueAsync();
        var unlinked = await Seed.QueueAsync();
        var holder = await Seed.UserAsync(Role.AGENTE, q1);
        var otherQueueAgent = await Seed.UserAsync(Role.AGENTE, q2);
        var admin = await Seed.UserAsync(Role.ADMIN);
        var inactive = await Seed.UserAsync(Role.AGENTE, q1);
        await fixture.ChangeAsync(async db => (await db.Users.FindAsync(inactive.Id))!.Deactivate(DateTimeOffset.UtcNow));
        var connection = await Seed.ConnectionAsync([q1, q2]);
        var conversation = await Seed.ConversationAsync(connection, q1, ConversationStatus.OPEN, holder.Id);
        var before = await fixture.ConversationAsync(conversation.Id);
        var wakeUps = fixture.Signal.Notifications(BackgroundWork.AutoAssignment);

        (TransferConversationCommand Command, string Code)[] refusals =
        [
            (new(conversation.Id, holder.Id, null, null), "conversations.same_assignee"),
            (new(conversation.Id, inactive.Id, null, null), "conversations.transfer_target_invalid"),
            (new(conversation.Id, Guid.NewGuid(), null, null), "conversations.transfer_target_invalid"),
            (new(conversation.Id, admin.Id, null, null), "conversations.transfer_target_invalid"),
            (new(conversation.Id, otherQueueAgent.Id, null, null), "conversations.transfer_target_not_member"),
            (new(conversation.Id, null, unlinked, null), "conversations.queue_not_linked"),
            (new(conversation.Id, null, q1, null), "conversations.same_queue"),
        ];
        foreach (var (command, code) in refusals)
        {
            var result = await fixture.SendAsync(holder.Actor, command);
            Assert.False(result.IsSuccess, code);
            Assert.Equal(code, result.Error.Code);
        }

        var after = await fixture.ConversationAsync(conversation.Id);
        Assert.Equal((before.Status, before.AssigneeId, before.QueueId, before.Version), (after.Status, after.AssigneeId, after.QueueId, after.Version));
        var audit = await fixture.AuditAsync("TransferConversation", conversation.Id);
        Assert.Equal(refusals.Select(r => (AuditOutcome.Failed, r.Code)), audit.Select(a => (a.Outcome, a.Reason!)));
        Assert.Equal(wakeUps, fixture.Signal.Notifications(BackgroundWork.AutoAssignment));
    }

    [Fact]
    public async Task Transfer_AgentWhoDoesNotHoldIt_IsRefusedAsNotAssignee()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var target = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var waiting = await Seed.ConversationAsync(connection, queue);

        var result = await fixture.SendAsync(agent.Actor, new TransferConversationCommand(waiting.Id, target.Id, null, null));

        Assert.Equal("conversations.not_assignee", result.Error?.Code);
        Assert.Equal(ConversationStatus.UNASSIGNED, (await fixture.ConversationAsync(waiting.Id)).Status);
    }

    [Fact]
    public async Task Transfer_ToAnotherQueueAndOneOfItsAgents_MovesBoth()
    {
        var q1 = await Seed.QueueAsync();
        var q2 = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, q1);
        var holder = await Seed.UserAsync(Role.AGENTE, q1);
        var q2Agent = await Seed.UserAsync(Role.AGENTE, q2);
        var connection = await Seed.ConnectionAsync([q1, q2]);
        var conversation = await Seed.ConversationAsync(connection, q1, ConversationStatus.OPEN, holder.Id);

        var result = await fixture.SendAsync(supervisor.Actor, new TransferConversationCommand(conversation.Id, q2Agent.Id, q2, null));

        Assert.True(result.IsSuccess);
        Assert.Equal(q2, result.Value.Queue?.Id);
        var stored = await fixture.ConversationAsync(conversation.Id);
        Assert.Equal((ConversationStatus.OPEN, q2Agent.Id, q2), (stored.Status, stored.AssigneeId, stored.QueueId));

        // The supervisor of q1 no longer sees it: the answer does not tell it exists, the audit row says why.
        var again = await fixture.SendAsync(supervisor.Actor, new TransferConversationCommand(conversation.Id, null, q1, null));
        Assert.Equal("conversations.not_found", again.Error?.Code);
        var denied = (await fixture.AuditAsync("TransferConversation", conversation.Id))[^1];
        Assert.Equal((AuditOutcome.Denied, ConversationAccess.DenialReasons.OutOfQueue), (denied.Outcome, denied.Reason));
    }

    [Fact]
    public async Task Transfer_ToQueueOnly_WaitsUnassignedThereAndWakesAutoAssignmentOnceCommitted()
    {
        var q1 = await Seed.QueueAsync();
        var q2 = await Seed.QueueAsync();
        var holder = await Seed.UserAsync(Role.AGENTE, q1);
        var admin = await Seed.UserAsync(Role.ADMIN);
        var connection = await Seed.ConnectionAsync([q1, q2]);
        var conversation = await Seed.ConversationAsync(connection, q1, ConversationStatus.OPEN, holder.Id);
        var wakeUps = fixture.Signal.Notifications(BackgroundWork.AutoAssignment);

        var refused = await fixture.SendAsync(admin.Actor, new TransferConversationCommand(conversation.Id, null, Guid.NewGuid(), null));
        Assert.Equal("conversations.queue_not_linked", refused.Error?.Code);
        Assert.Equal(wakeUps, fixture.Signal.Notifications(BackgroundWork.AutoAssignment));

        var result = await fixture.SendAsync(admin.Actor, new TransferConversationCommand(conversation.Id, null, q2, null));

        Assert.True(result.IsSuccess);
        var stored = await fixture.ConversationAsync(conversation.Id);
        Assert.Equal((ConversationStatus.UNASSIGNED, (Guid?)null, (Guid?)q2), (stored.Status, stored.AssigneeId, stored.QueueId));
        Assert.Equal(wakeUps + 1, fixture.Signal.Notifications(BackgroundWork.AutoAssignment));
    }

    [Fact]
    public async Task Transfer_InvalidInput_IsRefusedBeforeTheHandlerAndAuditedInvalid()
    {
        var queue = await Seed.QueueAsync();
        var holder = await Seed.UserAsync(Role.AGENTE, queue);
        var target = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, holder.Id);

        var neither = await fixture.SendAsync(holder.Actor, new TransferConversationCommand(conversation.Id, null, null, null));
        var longNote = await fixture.SendAsync(holder.Actor, new TransferConversationCommand(conversation.Id, target.Id, null, new string('x', TransferConversationCommand.MaxNoteLength + 1)));

        Assert.Equal("validation_failed", neither.Error?.Code);
        Assert.Equal("validation_failed", longNote.Error?.Code);
        Assert.Contains("note", longNote.Error!.FieldErrors!.Keys);
        Assert.Equal(holder.Id, (await fixture.ConversationAsync(conversation.Id)).AssigneeId);
        Assert.All(await fixture.AuditAsync("TransferConversation", conversation.Id), a => Assert.Equal(AuditOutcome.Invalid, a.Outcome));
    }

    [Fact]
    public async Task Transfer_AsTheSystem_IsForbiddenAndAuditedDenied()
    {
        var queue = await Seed.QueueAsync();
        var target = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue);

        var result = await fixture.SendAsync(Actor.System("application-tests"), new TransferConversationCommand(conversation.Id, target.Id, null, null));

        Assert.Equal(Errors.Forbidden.Code, result.Error?.Code);
        var audit = Assert.Single(await fixture.AuditAsync("TransferConversation", conversation.Id));
        Assert.Equal((AuditOutcome.Denied, ActorKind.System, "job:application-tests"), (audit.Outcome, audit.ActorKind, audit.ActorId));
        Assert.Equal(ConversationStatus.UNASSIGNED, (await fixture.ConversationAsync(conversation.Id)).Status);
    }
}
