using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.EnforceInactivity;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Queues.SetQueueInactivity;
using WhatsSuite.Application.Settings.UpdateSettings;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Conversations;

/// <summary>
/// The inactivity rules applied by <c>job:inactivity</c>: a warning once per idle period, an automatic close with its
/// reason, per queue or by the system default, each audited as the system.
/// </summary>
public sealed class InactivityTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private static readonly Actor Job = Actor.System("inactivity");

    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task Enforce_ConversationIdlePastTheWarning_WarnsItsAssigneeOnceAsTheSystem()
    {
        var (queue, agent, connection) = await QueueWithRuleAsync(30, 120);
        var idle = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, TimeSpan.FromMinutes(45));
        var recent = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, TimeSpan.FromMinutes(10));

        var first = await fixture.SendAsync(Job, new EnforceInactivityCommand());
        var warnedAt = (await fixture.ConversationAsync(idle.Id)).InactivityWarnedAt;
        var second = await fixture.SendAsync(Job, new EnforceInactivityCommand());

        Assert.True(first.IsSuccess);
        Assert.True(second.IsSuccess);
        var stored = await fixture.ConversationAsync(idle.Id);
        Assert.Equal((ConversationStatus.OPEN, agent.Id), (stored.Status, stored.AssigneeId));
        Assert.NotNull(warnedAt);
        Assert.Equal(warnedAt, stored.InactivityWarnedAt);
        Assert.Null((await fixture.ConversationAsync(recent.Id)).InactivityWarnedAt);
        var audit = Assert.Single(await fixture.AuditAsync("EnforceInactivity", idle.Id));
        Assert.Equal(("job:inactivity", "inactivity_warning"), (audit.ActorId, audit.Reason));
        Assert.Empty(await fixture.AuditAsync("EnforceInactivity", recent.Id));
    }

    [Fact]
    public async Task Enforce_ConversationIdlePastTheClose_ClosesItWithReasonInactivityAndFreesTheAgent()
    {
        var (queue, agent, connection) = await QueueWithRuleAsync(30, 60);
        var (quietQueue, quietAgent, quietConnection) = await QueueWithRuleAsync(0, 0);
        var idle = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, TimeSpan.FromMinutes(90));
        var elsewhere = await Seed.ConversationAsync(quietConnection, quietQueue, ConversationStatus.OPEN, quietAgent.Id, TimeSpan.FromHours(5));
        var waiting = await Seed.ConversationAsync(connection, queue, ConversationStatus.UNASSIGNED, null, TimeSpan.FromHours(5));
        var before = fixture.Signal.Notifications(BackgroundWork.AutoAssignment);

        var result = await fixture.SendAsync(Job, new EnforceInactivityCommand());

        Assert.True(result.IsSuccess);
        var closed = await fixture.ConversationAsync(idle.Id);
        Assert.Equal((ConversationStatus.CLOSED, ConversationCloseReason.Inactivity, (Guid?)null), (closed.Status, closed.ClosedReason, closed.AssigneeId));
        Assert.Equal("inactivity_close", Assert.Single(await fixture.AuditAsync("EnforceInactivity", idle.Id)).Reason);
        Assert.Equal(ConversationStatus.OPEN, (await fixture.ConversationAsync(elsewhere.Id)).Status);
        Assert.Equal(ConversationStatus.UNASSIGNED, (await fixture.ConversationAsync(waiting.Id)).Status);
        Assert.True(fixture.Signal.Notifications(BackgroundWork.AutoAssignment) > before);
    }

    [Fact]
    public async Task Enforce_QueueWithoutItsOwnRule_FollowsTheSystemDefault()
    {
        var admin = await Seed.UserAsync(Role.ADMIN);
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var idle = await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, agent.Id, TimeSpan.FromMinutes(25));
        Assert.True((await fixture.SendAsync(admin.Actor, new UpdateSettingsCommand(1, 20, 0))).IsSuccess);

        try
        {
            Assert.True((await fixture.SendAsync(Job, new EnforceInactivityCommand())).IsSuccess);
            Assert.NotNull((await fixture.ConversationAsync(idle.Id)).InactivityWarnedAt);
        }
        finally
        {
            await fixture.SendAsync(admin.Actor, new UpdateSettingsCommand(1, 0, 0));
        }
    }

    [Fact]
    public async Task SetQueueInactivity_WarningNotBeforeTheCloseOrAnotherSupervisorsQueue_IsRefused()
    {
        var queue = await Seed.QueueAsync();
        var other = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR, queue);

        var backwards = await fixture.SendAsync(supervisor.Actor, new SetQueueInactivityCommand(queue, 60, 30));
        var notTheirs = await fixture.SendAsync(supervisor.Actor, new SetQueueInactivityCommand(other, 10, 30));
        var own = await fixture.SendAsync(supervisor.Actor, new SetQueueInactivityCommand(queue, 10, null));

        Assert.Contains("warnMinutes", backwards.Error!.FieldErrors!.Keys);
        Assert.Equal(ErrorType.NotFound, notTheirs.Error!.Type);
        Assert.True(own.IsSuccess);
        Assert.Equal((10, (int?)null, 10, 0), (own.Value.WarnMinutes!.Value, own.Value.CloseMinutes, own.Value.EffectiveWarnMinutes, own.Value.EffectiveCloseMinutes));
        var stored = await fixture.QueryAsync(db => db.Queues.SingleAsync(q => q.Id == other));
        Assert.Equal(((int?)null, (int?)null), (stored.InactivityWarnMinutes, stored.InactivityCloseMinutes));
    }

    private async Task<(Guid Queue, TestUser Agent, Guid Connection)> QueueWithRuleAsync(int warnMinutes, int closeMinutes)
    {
        var admin = await Seed.UserAsync(Role.ADMIN);
        var queue = await Seed.QueueAsync();
        var agent = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        Assert.True((await fixture.SendAsync(admin.Actor, new SetQueueInactivityCommand(queue, warnMinutes, closeMinutes))).IsSuccess);
        return (queue, agent, connection);
    }
}
