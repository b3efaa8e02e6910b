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

        var heard = plan.Where(o => !o.Parts.All(p => p.Users is { Count: 0 })).ToList();
        var numbers = await sequencer.NumberAsync(
            heard.Where(o => o.ConversationId is not null).Select(o => new DeskSequenceStep(o.ConversationId!.Value, o.AdvancesSequence)).ToList(),
            cancellationToken);
        var numbered = 0;
        var sends = new List<DeskJournalEntry>();
        foreach (var outgoing in heard)
        {
            long? seq = outgoing.ConversationId is null ? null : numbers[numbered++];
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

        // Handed to the hub in order without waiting for each: the backplane publishes them in that order and a
        // connection writes them in that order, so no client sees them reordered, and a pass costs one wait, not one
        // per event.
        var sent = new Task[sends.Count];
        for (var i = 0; i < sends.Count; i++)
        {
            sent[i] = SendAsync(sends[i].Users, sends[i].Envelope with { Cursor = cursor++ }, cancellationToken);
        }

        await Task.WhenAll(sent);
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
