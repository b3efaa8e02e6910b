using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
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
            Assert.Equal("OPEN", await fixture.Database.ScalarAsync<string>("SELECT status FROM conversations WHERE id = @id", ("id", id)));
            await Eventually.TrueAsync(
                async () => await fixture.Database.ScalarAsync<string>(
                    "SELECT string_agg(actor_id, ',') FROM audit_logs WHERE action = 'AutoAssignConversations' AND target_id = @id AND reason = 'auto_assign'", ("id", id.ToString())) == "job:auto-assign",
                "the conversation's one assignment, audited as job:auto-assign");
        }

        Assert.Equal(6, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM conversations WHERE queue_id = @q AND status = 'OPEN' AND assignee_id IN (@a, @b)", ("q", queue), ("a", agents[0].Id), ("b", agents[1].Id)));
    }
}
