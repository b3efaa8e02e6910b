using Microsoft.AspNetCore.SignalR;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Desk;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.Realtime;

/// <summary>
/// Delivers the committed desk changes of this instance, in commit order: <see cref="DeskAudience"/> decides who
/// hears what, <see cref="IDeskSequencer"/> numbers each conversation's events, and the hub sends them to the users'
/// connections on every instance (through the Redis backplane in server mode). Every event is first kept in
/// <see cref="IDeskJournal"/>, which gives it its cursor, so a reconnecting client can resume (<see cref="DeskReplay"/>).
/// </summary>
internal sealed partial class DeskDispatcher(
    DeskEventQueue queue,
    IHubContext<DeskHub> hub,
    IDeskSequencer sequencer,
    IDeskJournal journal,
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
                await SendRefetchAsync("delivery_failed", stoppingToken);
            }
        }
    }

    private async Task DeliverAsync(List<DeskChange> changes, CancellationToken cancellationToken)
    {
        if (queue.TakeDropped() is > 0 and var dropped)
        {
            LogEventsDropped(logger, dropped);
            await SendRefetchAsync("events_dropped", cancellationToken);
        }

        IReadOnlyList<DeskOutgoing> plan;
        await using (var scope = scopes.CreateAsyncScope())
        {
            plan = await scope.ServiceProvider.GetRequiredService<DeskAudience>().PlanAsync(changes, cancellationToken);
        }

        var sends = new List<DeskJournalEntry>();
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
                    sends.Add(new DeskJournalEntry(part.Users, (part.Data as DeskContact)?.Id, Envelope(part.Type, outgoing.ConversationId, seq, part.Data)));
                }
            }
        }

        await SendAsync(sends, cancellationToken);
    }

    /// <summary>Keeps the events in the journal (which numbers them) and sends each, with its cursor, to its users.</summary>
    private async Task SendAsync(List<DeskJournalEntry> sends, CancellationToken cancellationToken)
    {
        if (sends.Count == 0)
        {
            return;
        }

        var cursor = await journal.AppendAsync(sends, cancellationToken);
        foreach (var send in sends)
        {
            await SendAsync(send.Users, send.Envelope with { Cursor = cursor++ }, cancellationToken);
        }
    }

    /// <summary>
    /// Tells every client to reload. Kept in the journal like any event, so that a client resuming across the failure
    /// learns it too; if the journal cannot be written either, the notice is still sent to the connected clients.
    /// </summary>
    private async Task SendRefetchAsync(string reason, CancellationToken cancellationToken)
    {
        var refetch = Envelope(DeskEventTypes.Refetch, null, null, new DeskRefetch(reason));
        try
        {
            await SendAsync([new DeskJournalEntry(null, null, refetch)], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRefetchNotKept(logger, ex);
            await SendAsync(null, refetch, cancellationToken);
        }
    }

    private DeskEnvelope Envelope(string type, Guid? conversationId, long? seq, object data) =>
        new(DeskEventTypes.Version, type, conversationId, seq, clock.GetUtcNow(), data);

    private Task SendAsync(IReadOnlyList<Guid>? users, DeskEnvelope envelope, CancellationToken cancellationToken) =>
        (users is null ? hub.Clients.All : hub.Clients.Users(users.Select(u => u.ToString()).ToList()))
            .SendAsync(DeskEventTypes.ClientMethod, envelope, cancellationToken);

    [LoggerMessage(EventId = LogEvents.DeskDeliveryFailed, Level = LogLevel.Error, Message = "Delivering {Count} desk changes failed; clients were told to reload")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = LogEvents.DeskRefetchNotKept, Level = LogLevel.Error, Message = "A reload notice could not be kept for resuming clients; it was sent to the connected ones only")]
    private static partial void LogRefetchNotKept(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEvents.DeskEventsDropped, Level = LogLevel.Warning, Message = "{Count} batches of desk changes were dropped (delivery fell behind); clients were told to reload")]
    private static partial void LogEventsDropped(ILogger logger, int count);
}
