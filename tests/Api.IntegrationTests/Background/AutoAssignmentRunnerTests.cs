using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Api.IntegrationTests.Background;

/// <summary>The worker (woken by signals) and the recurring job are one runner: one actor, one run at a time.</summary>
public sealed class AutoAssignmentRunnerTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task RunOnce_WorkerSignalAndRecurringJobAtOnce_EachConversationAssignedOnceAsJobAutoAssign()
    {
        var seeder = new ConversationSeeder(fixture.App, fixture.AdminToken);
        var queue = await seeder.QueueAsync("round_robin", 10);
        var agents = new[] { await seeder.UserAsync("AGENTE", queue), await seeder.UserAsync("AGENTE", queue) };
        var connection = await seeder.ConnectionAsync([queue]);
        var conversations = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            conversations.Add(await seeder.ConversationAsync(connection, queue));
        }

        // Every trigger at the same moment: the signalled worker, the recurring job and a direct run.
        fixture.App.Services.GetRequiredService<BackgroundWorkSignal>().Notify(Application.Common.Interfaces.BackgroundWork.AutoAssignment);
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<AutoAssignBacklogJob>();
        var runner = fixture.App.Services.GetRequiredService<AutoAssignmentRunner>();
        await Task.WhenAll(job.RunAsync(CancellationToken.None), runner.RunOnceAsync(CancellationToken.None), job.RunAsync(CancellationToken.None));

        foreach (var id in conversations)
        {
            Assert.Equal(ConversationStatus.OPEN, await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
            await Eventually.TrueAsync(
                async () => string.Join(',', await fixture.Database.QueryAsync(db => db.AuditLogs
                    .Where(a => a.Action == "AutoAssignConversations" && a.TargetId == id.ToString() && a.Reason == "auto_assign")
                    .Select(a => a.ActorId)
                    .ToListAsync())) == "job:auto-assign",
                "the conversation's one assignment, audited as job:auto-assign");
        }

        Assert.Equal(6, await fixture.Database.QueryAsync(db => db.Conversations.CountAsync(c =>
            c.QueueId == queue && c.Status == ConversationStatus.OPEN && (c.AssigneeId == agents[0].Id || c.AssigneeId == agents[1].Id))));
    }
}
