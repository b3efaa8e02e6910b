using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Desk;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Desk;

/// <summary>
/// Who hears what when the deliverer is behind: changes are planned after later ones have committed, so the database
/// already shows what the changes still being planned do not know.
/// </summary>
public sealed class DeskAudienceTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    [Fact]
    public async Task PlanAsync_LeavePlannedAfterAnotherAgentTookAConversationOfTheQueue_TellsTheLeaverToReload()
    {
        var queue = await Seed.QueueAsync();
        var leaver = await Seed.UserAsync(Role.AGENTE, queue);
        var taker = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var conversation = await Seed.ConversationAsync(connection, queue);

        // Committed in this order: the leaver left the queue, then the other agent took the conversation the leaver's
        // desk still shows (unassigned in the queue). Both are in the database before either is planned.
        await fixture.ChangeAsync(async db =>
        {
            (await db.Queues.Include(q => q.Members).SingleAsync(q => q.Id == queue)).RemoveMember(leaver.Id, Seed.NextTime());
            (await db.Conversations.SingleAsync(c => c.Id == conversation.Id)).AssignTo(taker.Id, Seed.NextTime());
        });
        var taken = await DeskConversationAsync(conversation.Id);

        var plan = await PlanAsync(
            new QueueMembershipChanged(new DeskQueueMembership(queue, leaver.Id, false)),
            new ConversationChanged(taken, new DeskVisibility(ConversationStatus.UNASSIGNED, null, queue)));

        var toLeaver = plan.SelectMany(o => o.Parts).Where(p => p.Users?.Contains(leaver.Id) == true).ToList();
        Assert.Contains(toLeaver, p => p.Type == DeskEventTypes.Refetch
            || (p.Type == DeskEventTypes.ConversationRemoved && ((DeskConversationRemoved)p.Data).ConversationId == conversation.Id));
    }

    [Fact]
    public async Task PlanAsync_Join_SendsTheJoinerTheQueuesConversationsTheyNowSeeAndNothingElse()
    {
        var queue = await Seed.QueueAsync();
        var other = await Seed.UserAsync(Role.AGENTE, queue);
        var joiner = await Seed.UserAsync(Role.AGENTE, queue);
        var connection = await Seed.ConnectionAsync([queue]);
        var waiting = await Seed.ConversationAsync(connection, queue);
        await Seed.ConversationAsync(connection, queue, ConversationStatus.OPEN, other.Id);
        await Seed.ConversationAsync(connection, queue, ConversationStatus.CLOSED);

        var plan = await PlanAsync(new QueueMembershipChanged(new DeskQueueMembership(queue, joiner.Id, true)));

        var toJoiner = plan.SelectMany(o => o.Parts).Where(p => p.Users?.Contains(joiner.Id) == true).ToList();
        Assert.Equal(DeskEventTypes.QueueMembership, toJoiner[0].Type);
        var gained = Assert.Single(toJoiner.Skip(1));
        Assert.Equal(DeskEventTypes.ConversationUpdated, gained.Type);
        Assert.Equal(waiting.Id, ((DeskConversationChange)gained.Data).Conversation.Id);
    }

    private async Task<IReadOnlyList<DeskOutgoing>> PlanAsync(params DeskChange[] changes)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeskAudience>().PlanAsync(changes, CancellationToken.None);
    }

    private Task<DeskConversation> DeskConversationAsync(Guid id) =>
        fixture.QueryAsync(db => db.Conversations.AsNoTracking().Where(c => c.Id == id).Select(DeskConversation.FromConversation).SingleAsync());
}
