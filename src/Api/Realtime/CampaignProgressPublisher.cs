using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns.GetCampaignProgress;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Desk;
using WhatsSuite.Application.Presence;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Api.Realtime;

/// <summary>
/// Every whole second, on every instance: for each running campaign, the instance that claims the campaign's second
/// first (<see cref="ICampaignProgressTicks"/>, shared through Redis) reads its progress with
/// <see cref="CampaignProgressReader"/> (the figures of <c>GET /campaigns/{id}/progress</c>) and sends
/// <c>campaign.progress</c> to the admins and supervisors online on any instance (<see cref="IPresence"/>), through
/// the hub's Redis backplane like every desk event. So the deployment sends one event per campaign per second whatever
/// the number of instances; a second no instance reached in time (a busy machine) is skipped, never sent twice. Nothing
/// is read while no campaign runs or nobody who may follow campaigns is online.
/// </summary>
internal sealed partial class CampaignProgressPublisher(
    IHubContext<DeskHub> hub,
    ICampaignProgressTicks ticks,
    IPresence presence,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<CampaignProgressPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await Task.Delay(TimeSpan.FromMilliseconds(1000 - (now % 1000)), clock, stoppingToken);
            try
            {
                await PublishAsync(clock.GetUtcNow().ToUnixTimeSeconds(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPublishFailed(logger, ex);
            }
        }
    }

    private async Task PublishAsync(long second, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var running = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Running).Select(c => c.Id).ToListAsync(cancellationToken);
        if (running.Count == 0)
        {
            return;
        }

        var online = await presence.OnlineAsync(cancellationToken);
        var watchers = (await scope.ServiceProvider.GetRequiredService<DeskAudience>().CampaignWatchersAsync(cancellationToken))
            .Where(online.ContainsKey)
            .Select(u => u.ToString())
            .ToList();
        if (watchers.Count == 0)
        {
            return;
        }

        var reader = scope.ServiceProvider.GetRequiredService<CampaignProgressReader>();
        foreach (var campaignId in running)
        {
            if (!await ticks.ClaimAsync(campaignId, second, cancellationToken) || await reader.ReadAsync(campaignId, cancellationToken) is not { } progress)
            {
                continue;
            }

            var envelope = new DeskEnvelope(DeskEventTypes.Version, DeskEventTypes.CampaignProgress, null, null, clock.GetUtcNow(), progress);
            await hub.Clients.Users(watchers).SendAsync(DeskEventTypes.ClientMethod, envelope, cancellationToken);
        }
    }

    [LoggerMessage(EventId = LogEvents.CampaignProgressFailed, Level = LogLevel.Warning, Message = "Publishing the progress of running campaigns failed (tried again the next second)")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
