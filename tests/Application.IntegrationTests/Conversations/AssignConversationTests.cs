using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Conversations.AssignConversation;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>Taking a conversation: transitions, refusals and races, through the whole pipeline on PostgreSQL.</summary>
public sealed class AssignConversationTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task Assign_Unassigned_OpensItForTheCallerAndTakingItAgainChangesNothing()
    {
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue);

        var first = await fixture.SendAsync(agent.Actor, new AssignConversationCommand(conversation.Id));
        var version = (await fixture.ConversationAsync(conversation.Id)).Version;
        var again = await fixture.SendAsync(agent.Actor, new AssignConversationCommand(conversation.Id));

        Assert.Equal(ConversationStatus.OPEN, first.Value.Status);
        Assert.Equal(agent.Id, first.Value.Assignee?.Id);
        Assert.True(again.IsSuccess);
        var stored = await fixture.ConversationAsync(conversation.Id);
        Assert.Equal((ConversationStatus.OPEN, (Guid?)agent.Id, version), (stored.Status, stored.AssigneeId, stored.Version));
        Assert.Equal([AuditOutcome.Success, AuditOutcome.Success], (await fixture.AuditAsync("AssignConversation", conversation.Id)).Select(a => a.Outcome));
    }

    [Theory]
    [InlineData(Role.AGENTE, AuditOutcome.Denied, ConversationAccess.DenialReasons.AssignedToAnotherAgent)]
    [InlineData(Role.SUPERVISOR, AuditOutcome.Failed, "conversations.taken")]
    [InlineData(Role.ADMIN, AuditOutcome.Failed, "conversations.taken")]
    public async Task Assign_HeldByAnotherUser_AnswersTakenForEveryRole(Role role, AuditOutcome outcome, string auditReason)
    {
        var queue = await Seed.QueueAsync();
        var holder = await Seed.UserAsync(Role.AGENTE, queue);
        var caller = await Seed.UserAsync(role, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, holder.Id);

        var result = await fixture.SendAsync(caller.Actor, new AssignConversationCommand(conversation.Id));

        Assert.Equal(ConversationErrors.Taken.Code, result.Error?.Code);
        Assert.Equal(holder.Id, (await fixture.ConversationAsync(conversation.Id)).AssigneeId);
        var audit = Assert.Single(await fixture.AuditAsync("AssignConversation", conversation.Id));
        Assert.Equal((outcome, auditReason), (audit.Outcome, audit.Reason));
    }

    [Fact]
    public async Task Assign_AgentOutsideTheQueue_AnswersNotFoundAndAuditsOutOfQueue()
    {
        var queue = await Seed.QueueAsync();
        var other = await Seed.QueueAsync();
        var outsider = await Seed.UserAsync(Role.AGENTE, other);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue);

        var result = await fixture.SendAsync(outsider.Actor, new AssignConversationCommand(conversation.Id));

        Assert.Equal("conversations.not_found", result.Error?.Code);
        Assert.Equal(ConversationStatus.UNASSIGNED, (await fixture.ConversationAsync(conversation.Id)).Status);
        var audit = Assert.Single(await fixture.AuditAsync("AssignConversation", conversation.Id));
        Assert.Equal((AuditOutcome.Denied, ConversationAccess.DenialReasons.OutOfQueue), (audit.Outcome, audit.Reason));
    }

    [Fact]
    public async Task Assign_ClosedBySupervisor_ReopensItForThem()
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue, ConversationStatus.CLOSED);

        var result = await fixture.SendAsync(supervisor.Actor, new AssignConversationCommand(conversation.Id));

        Assert.True(result.IsSuccess);
        Assert.Null(result.Value.ClosedAt);
        var stored = await fixture.ConversationAsync(conversation.Id);
        Assert.Equal((ConversationStatus.OPEN, (Guid?)supervisor.Id, (DateTimeOffset?)null), (stored.Status, stored.AssigneeId, stored.ClosedAt));
    }

    [Fact]
    public async Task Assign_ConcurrentAgents_ExactlyOneWinsEveryRound()
    {
        var queue = await Seed.QueueAsync();
        var agents = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            agents.Add(await Seed.UserAsync(Role.AGENTE, queue));
        }

        var connection = await Seed.ConnectionAsync([queue]);
        for (var round = 0; round < 5; round++)
        {
            var conversation = await Seed.ConversationAsync(connection, queue);
            using var start = new SemaphoreSlim(0, agents.Count);
            var attempts = agents.Select(async agent =>
            {
                await start.WaitAsync();
                return (Agent: agent.Id, Result: await fixture.SendAsync(agent.Actor, new AssignConversationCommand(conversation.Id)));
            }).ToList();
            start.Release(agents.Count);
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r.Result.IsSuccess);
            Assert.All(results.Where(r => !r.Result.IsSuccess), r => Assert.Contains(r.Result.Error!.Code, new[] { ConversationErrors.Taken.Code, ConversationErrors.Changed.Code }));
            var stored = await fixture.ConversationAsync(conversation.Id);
            Assert.Equal((ConversationStatus.OPEN, (Guid?)winner.Agent), (stored.Status, stored.AssigneeId));
            var audit = await fixture.AuditAsync("AssignConversation", conversation.Id);
            Assert.Equal(agents.Count, audit.Count);
            Assert.Equal(winner.Agent.ToString(), Assert.Single(audit, a => a.Outcome == AuditOutcome.Success).ActorId);
        }
    }
}
