using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.AutoAssignConversations;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Application.Presence.SetAvailability;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Presence;

/// <summary>A user's own availability: stored, audited, and respected by auto-assignment.</summary>
public sealed class SetAvailabilityTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task Handle_AwayThenAvailable_StoresAuditsAndWakesAutoAssignmentOnlyWhenAvailable()
    {
        var agent = await Seed.UserAsync(Role.AGENTE);
        var wakeUps = fixture.Signal.Notifications(BackgroundWork.AutoAssignment);

        var away = await fixture.SendAsync(agent.Actor, new SetAvailabilityCommand(Availability.Away));

        Assert.Equal((agent.Id, Availability.Away, false), (away.Value.UserId, away.Value.Availability, away.Value.Online));
        Assert.Equal(Availability.Away, await fixture.QueryAsync(db => db.Users.Where(u => u.Id == agent.Id).Select(u => u.Availability).SingleAsync()));
        Assert.Equal(wakeUps, fixture.Signal.Notifications(BackgroundWork.AutoAssignment));

        Assert.True((await fixture.SendAsync(agent.Actor, new SetAvailabilityCommand(Availability.Available))).IsSuccess);
        Assert.Equal(wakeUps + 1, fixture.Signal.Notifications(BackgroundWork.AutoAssignment));
        var audit = await fixture.AuditAsync("SetAvailability", agent.Id);
        Assert.Equal([AuditOutcome.Success, AuditOutcome.Success], audit.Select(a => a.Outcome));
        Assert.All(audit, a => Assert.Equal(agent.Id.ToString(), a.ActorId));
    }

    [Fact]
    public async Task Handle_UnknownOrMissingValue_IsRefusedAndChangesNothing()
    {
        var agent = await Seed.UserAsync(Role.AGENTE);

        var unknown = await fixture.SendAsync(agent.Actor, new SetAvailabilityCommand((Availability)42));
        var missing = await fixture.SendAsync(agent.Actor, new SetAvailabilityCommand(null));

        Assert.Equal(ErrorType.Validation, unknown.Error?.Type);
        Assert.Equal(ErrorType.Validation, missing.Error?.Type);
        Assert.Equal(Availability.Available, await fixture.QueryAsync(db => db.Users.Where(u => u.Id == agent.Id).Select(u => u.Availability).SingleAsync()));
    }

    [Fact]
    public async Task AutoAssign_AgentAway_IsSkipped()
    {
        var queue = await Seed.QueueAsync(AssignmentStrategy.LeastBusy);
        var away = await Seed.UserAsync(Role.AGENTE, queue);
        var available = await Seed.UserAsync(Role.AGENTE, queue);
        Assert.True((await fixture.SendAsync(away.Actor, new SetAvailabilityCommand(Availability.Away))).IsSuccess);
        var connection = await Seed.ConnectionAsync([queue]);
        var first = await Seed.ConversationAsync(connection, queue);
        var second = await Seed.ConversationAsync(connection, queue);

        var result = await fixture.SendAsync(Actor.System("auto-assign"), new AutoAssignConversationsCommand());

        Assert.True(result.IsSuccess);
        Assert.Equal(available.Id, (await fixture.ConversationAsync(first.Id)).AssigneeId);
        Assert.Equal(available.Id, (await fixture.ConversationAsync(second.Id)).AssigneeId);
        Assert.Equal(ConversationStatus.OPEN, (await fixture.ConversationAsync(second.Id)).Status);
    }
}
