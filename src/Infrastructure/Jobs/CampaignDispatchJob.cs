using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Campaigns.DispatchCampaignBatch;
using WhatsSuite.Application.Campaigns.StartDueCampaigns;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// The campaign dispatcher on Hangfire. The recurring job (<see cref="Name"/>, every minute) starts the scheduled
/// campaigns whose start has come (<see cref="StartDueCampaignsCommand"/>, sent only when one is due) and enqueues one dispatch job per running
/// campaign, shown on the dashboard with the campaign's name. A dispatch job sends batches
/// (<see cref="DispatchCampaignBatchCommand"/>, one second of the pace each, one per second) for up to
/// <see cref="RunFor"/> and ends; the next minute's job, started before it ends, carries on without a gap. Everything runs as
/// <c>job:campaign-dispatch</c>. Any number of dispatch jobs (two instances, an overlap) may run for one campaign: each
/// batch claims with <c>FOR UPDATE SKIP LOCKED</c> and bumps the campaign's version, so batches never share a recipient
/// and never exceed the pace or the daily cap. See docs/decisions/0036-campaign-dispatch-on-hangfire.md.
/// </summary>
public sealed partial class CampaignDispatchJob(IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider clock, ILogger<CampaignDispatchJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and the system actor (<c>job:campaign-dispatch</c>).</summary>
    public const string Name = "campaign-dispatch";

    public const string DisplayName = "Start and dispatch campaigns";

    public const string CampaignDisplayName = "Campaign {1}";

    /// <summary>The most recipients one batch takes (one second of a pace of up to 1,000 messages per second).</summary>
    public const int BatchLimit = DispatchCampaignBatchCommand.MaxLimit;

    /// <summary>
    /// How long one dispatch job sends before it ends: longer than the recurring job's minute, so the next minute's job
    /// has started (a Hangfire worker takes an enqueued job within seconds) before this one stops, and the campaign's
    /// batches never pause at the turn of a minute. The two overlap for about half a minute; their batches contend
    /// (one second of the pace per second, checked against the campaign's stored batch time), so the overlap adds no
    /// messages, and at most two jobs of a campaign run at once.
    /// </summary>
    public static readonly TimeSpan RunFor = TimeSpan.FromSeconds(90);

    /// <summary>How long a job waits after its batch lost to another batch of the campaign (another instance's).</summary>
    private static readonly TimeSpan ContendedPause = TimeSpan.FromMilliseconds(200);

    [JobDisplayName(DisplayName)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();

        // A minute with no campaign to start sends no command (and writes no audit row).
        IReadOnlyList<RunningCampaign> running;
        if (await db.Campaigns.AnyAsync(c => c.Status == CampaignStatus.Scheduled && (c.StartAt == null || c.StartAt <= now || (c.StopAt != null && c.StopAt <= now)), cancellationToken))
        {
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var started = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new StartDueCampaignsCommand(), cancellationToken);
            if (!started.IsSuccess)
            {
                LogStartFailed(logger, started.Error.Code);
                return;
            }

            running = started.Value;
        }
        else
        {
            running = await db.Campaigns.AsNoTracking()
                .Where(c => c.Status == CampaignStatus.Running)
                .OrderBy(c => c.StartedAt).ThenBy(c => c.Id)
                .Select(c => new RunningCampaign(c.Id, c.Name))
                .ToListAsync(cancellationToken);
        }

        foreach (var campaign in running)
        {
            jobs.Enqueue<CampaignDispatchJob>(job => job.DispatchAsync(campaign.Id, campaign.Name, CancellationToken.None));
        }
    }

    /// <summary>Sends the campaign's batches for up to <see cref="RunFor"/>; <paramref name="name"/> names the job on the dashboard.</summary>
    [JobDisplayName(CampaignDisplayName)]
    [AutomaticRetry(Attempts = 0)]
    public async Task DispatchAsync(Guid campaignId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var until = clock.GetUtcNow() + RunFor;
        while (clock.GetUtcNow() < until && !cancellationToken.IsCancellationRequested)
        {
            var result = await BatchAsync(campaignId, cancellationToken);
            if (!result.IsSuccess)
            {
                await Task.Delay(ContendedPause, clock, cancellationToken);
                continue;
            }

            var batch = result.Value;
            switch (batch.Outcome)
            {
                case CampaignBatchOutcome.Dispatched:
                    LogBatch(logger, campaignId, batch.Dispatched, batch.Skipped, batch.Failed);
                    continue;
                case CampaignBatchOutcome.Paced:
                    var wait = (batch.NextBatchAt ?? clock.GetUtcNow()) - clock.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, clock, cancellationToken);
                    }

                    continue;
                default:
                    // Idle, outside the allowed hours, at the daily cap, without a connection, or no longer running: the
                    // next minute's job comes back.
                    LogStopped(logger, campaignId, batch.Outcome);
                    return;
            }
        }
    }

    /// <summary>One batch, in a scope of its own, as <c>job:campaign-dispatch</c>.</summary>
    internal async Task<Application.Common.Results.Result<CampaignBatchResult>> BatchAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DispatchCampaignBatchCommand(campaignId, BatchLimit), cancellationToken);
    }

    [LoggerMessage(EventId = LogEvents.CampaignStartFailed, Level = LogLevel.Warning, Message = "Starting the due campaigns failed with {ErrorCode}; the next minute tries again")]
    private static partial void LogStartFailed(ILogger logger, string errorCode);

    [LoggerMessage(EventId = LogEvents.CampaignBatchDispatched, Level = LogLevel.Information, Message = "Campaign {CampaignId}: {Dispatched} recipient(s) handed to the outbox, {Skipped} skipped, {Failed} failed")]
    private static partial void LogBatch(ILogger logger, Guid campaignId, int dispatched, int skipped, int failed);

    [LoggerMessage(EventId = LogEvents.CampaignDispatchStopped, Level = LogLevel.Information, Message = "Campaign {CampaignId}: the dispatch job stops ({Outcome})")]
    private static partial void LogStopped(ILogger logger, Guid campaignId, CampaignBatchOutcome outcome);
}
