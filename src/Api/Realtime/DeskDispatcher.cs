using Microsoft.AspNetCore.SignalR;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Desk;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.Realtime;

/// <summary>
/// Delivers the committed desk changes of this instance, in commit order: <see cref="DeskAudience"/> decides who
/// hears what, <see cref="IDeskSequencer"/> numbers each conversation's events, and the hub sends them to the users'
/// connections on every instance (through the Redis backplane in server mode).
/// </summary>
internal sealed partial class DeskDispatcher(
    DeskEventQueue queue,
    IHubContext<DeskHub> hub,
    IDeskSequencer sequencer,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<DeskDispatcher> logger) : BackgroundService
{
    /// <summary>Changes planned together (one visibility query for all of them) when several commands committed meanwhile.</summary>
    private const int MaxChangesPerPass = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var changes = new List<DeskChange>();
            while (changes.Count < MaxChangesPerPass && queue.Reader.TryRead(out var batch))
            {
                changes.AddRange(batch);
            }

            try
            {
                await DeliverAsync(changes, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The changes are committed and their events lost: every client reloads rather than missing them.
                LogDeliveryFailed(logger, changes.Count, ex);
                await SendAsync(null, Envelope(DeskEventTypes.Refetch, null, null, new DeskRefetch("delivery_failed")), stoppingToken);
            }
        }
    }

    private async Task DeliverAsync(List<DeskChange> changes, CancellationToken cancellationToken)
    {
        if (queue.TakeDropped() is > 0 and var dropped)
        {
            LogEventsDropped(logger, dropped);
            await SendAsync(null, Envelope(DeskEventTypes.Refetch, null, null, new DeskRefetch("events_dropped")), cancellationToken);
        }

        IReadOnlyList<DeskOutgoing> plan;
        await using (var scope = scopes.CreateAsyncScope())
        {
            plan = await scope.ServiceProvider.GetRequiredService<DeskAudience>().PlanAsync(changes, cancellationToken);
        }

        foreach (var outgoing in plan)
        {
            if (outgoing.Parts.All(p => p.Users is { Count: 0 }))
            {
                continue;
            }

            long? seq = outgoing.ConversationId is { } id
                ? outgoing.AdvancesSequence ? await sequencer.NextAsync(id, cancellationToken) : await sequencer.CurrentAsync(id, cancellationToken)
                : null;
            foreach (var part in outgoing.Parts)
            {
                if (part.Users is not { Count: 0 })
                {
                    await SendAsync(part.Users, Envelope(part.Type, outgoing.ConversationId, seq, part.Data), cancellationToken);
                }
            }
        }
    }

    private DeskEnvelope Envelope(string type, Guid? conversationId, long? seq, object data) =>
        new(DeskEventTypes.Version, type, conversationId, seq, clock.GetUtcNow(), data);

    private Task SendAsync(IReadOnlyList<Guid>? users, DeskEnvelope envelope, CancellationToken cancellationToken) =>
        (users is null ? hub.Clients.All : hub.Clients.Users(users.Select(u => u.ToString()).ToList()))
            .SendAsync(DeskEventTypes.ClientMethod, envelope, cancellationToken);

    [LoggerMessage(EventId = LogEvents.DeskDeliveryFailed, Level = LogLevel.Error, Message = "Delivering {Count} desk changes failed; clients were told to reload")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = LogEvents.DeskEventsDropped, Level = LogLevel.Warning, Message = "{Count} batches of desk changes were dropped (delivery fell behind); clients were told to reload")]
    private static partial void LogEventsDropped(ILogger logger, int count);
}
