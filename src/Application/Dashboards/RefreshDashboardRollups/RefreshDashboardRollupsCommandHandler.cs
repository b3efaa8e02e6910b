using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Dashboards.RefreshDashboardRollups;

internal sealed class RefreshDashboardRollupsCommandHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<RefreshDashboardRollupsCommand, Result<DashboardRollupBatch>>
{
    /// <summary>Conversations recounted with one set of queries.</summary>
    private const int RecountChunk = 50;

    public async ValueTask<Result<DashboardRollupBatch>> Handle(RefreshDashboardRollupsCommand command, CancellationToken cancellationToken)
    {
        var state = await db.DashboardRollupStates.SingleAsync(s => s.Id == DashboardRollupState.SingletonId, cancellationToken);
        var deltas = new Dictionary<MessageCountKey, int>();
        var changed = false;

        var removed = await db.RemovedConversations.OrderBy(r => r.ConversationId).Take(RefreshDashboardRollupsCommand.BatchSize).ToListAsync(cancellationToken);
        var afterTime = command.AfterUpdatedAt ?? state.Watermark - RefreshDashboardRollupsCommand.Overlap;
        var afterId = command.AfterId ?? Guid.Empty;
        var batch = await RefreshDashboardRollupsCommand.ChangedAfter(db, afterTime, afterId)
            .Select(c => new ConversationRef(c.Id, c.QueueId ?? Guid.Empty, c.ConnectionId, c.UpdatedAt, c.Version, c.RecountFrom))
            .ToListAsync(cancellationToken);

        // A conversation still in the state the last recount saw (read again because of the overlap) is skipped.
        var ids = removed.Select(r => r.ConversationId).Concat(batch.Select(c => c.Id)).ToList();
        var marks = await db.RecountedConversations.Where(r => ids.Contains(r.ConversationId)).ToDictionaryAsync(r => r.ConversationId, cancellationToken);
        var stale = batch.Where(c => !(marks.TryGetValue(c.Id, out var mark) && mark.Covers(c.UpdatedAt, c.Version))).ToList();

        if (removed.Count > 0)
        {
            changed |= await RecountAsync([.. removed.Select(r => new Recount(r.ConversationId, null, null, Whole: true))], deltas, cancellationToken);
        }

        foreach (var conversation in removed)
        {
            db.RemovedConversations.Remove(conversation);
            if (marks.TryGetValue(conversation.ConversationId, out var mark))
            {
                db.RecountedConversations.Remove(mark);
            }
        }

        // Messages before the archived months are out of the live table and stay counted: no recount starts before them.
        var archivedBefore = stale.Count == 0 ? null
            : await db.HistoryArchives.Where(a => a.TableName == HistoryTables.Messages).MaxAsync(a => (DateTimeOffset?)a.PeriodEnd, cancellationToken);
        var recounts = stale
            .Select(c =>
            {
                var mark = marks.GetValueOrDefault(c.Id);
                var start = RecountedConversation.StartOfRecount(mark, c.RecountFrom);
                var whole = start is null || mark?.CountedUnder(c.QueueId, c.ConnectionId) != true;
                return new Recount(c.Id, c, Later(start, archivedBefore), whole);
            })
            .OrderBy(r => r.Start ?? DateTimeOffset.MinValue) // the whole recounts first: a chunk mostly reads one way
            .ToList();
        foreach (var chunk in recounts.Chunk(RecountChunk))
        {
            var openBuckets = new Dictionary<Guid, DateTimeOffset?>();
            changed |= await RecountAsync(chunk, deltas, cancellationToken, openBuckets);
            foreach (var recount in chunk)
            {
                var conversation = recount.Conversation!;
                if (!marks.TryGetValue(conversation.Id, out var mark))
                {
                    mark = RecountedConversation.Record(conversation.Id);
                    db.RecountedConversations.Add(mark);
                }

                mark.Update(conversation.UpdatedAt, conversation.Version, conversation.QueueId, conversation.ConnectionId, openBuckets[conversation.Id]);
            }
        }

        changed |= await ApplyAsync(deltas, cancellationToken);
        var last = batch.Count > 0 ? batch[^1] : null;
        state.Advance(last?.UpdatedAt ?? state.Watermark, changed, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DashboardErrors.RollupBusy;
        }

        // Late messages counted: the conversation forgets their bucket, in this transaction, unless it changed since it was
        // read (a message stored meanwhile may be another late one: the next run recounts from the bucket again). In key
        // order, the order in which a save updates conversations, so the two cannot wait for each other's rows.
        foreach (var conversation in stale.Where(c => c.RecountFrom is not null).OrderBy(c => c.Id))
        {
            var (id, version) = (conversation.Id, conversation.Version);
            await db.Conversations
                .Where(c => c.Id == id && c.Version == version)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RecountFrom, (DateTimeOffset?)null), cancellationToken);
        }

        var done = batch.Count < RefreshDashboardRollupsCommand.BatchSize && removed.Count < RefreshDashboardRollupsCommand.BatchSize;
        return new DashboardRollupBatch(batch.Count, removed.Count, changed, last?.UpdatedAt ?? afterTime, last?.Id ?? afterId, done);
    }

    /// <summary>
    /// Replaces each conversation's share of the totals from its recount's start on (adding the difference to
    /// <paramref name="deltas"/>) and its response episodes from there, with a few queries for the whole chunk, each
    /// conversation read from its own start; a removed conversation (no <see cref="ConversationRef"/>) has none left.
    /// Before the start nothing is read again: the messages there are the ones counted before (or were archived since,
    /// and stay counted), and only the queue and number of their share and episodes follow the conversation's.
    /// <paramref name="openBuckets"/> receives the bucket of each conversation's latest message counted.
    /// </summary>
    private async Task<bool> RecountAsync(IReadOnlyList<Recount> recounts, Dictionary<MessageCountKey, int> deltas, CancellationToken cancellationToken, Dictionary<Guid, DateTimeOffset?>? openBuckets = null)
    {
        var everything = recounts.Where(r => r.Conversation is not null && r.Start is null).Select(r => r.Id).ToList();
        var fromStart = recounts.Where(r => r.Conversation is not null && r.Start is not null).Select(r => (r.Id, r.Start!.Value)).ToList();
        var rows = new List<MessageRow>();
        if (everything.Count > 0)
        {
            rows.AddRange(await Rows(RefreshDashboardRollupsCommand.MessagesToRecount(db, everything)).ToListAsync(cancellationToken));
        }

        if (fromStart.Count > 0)
        {
            rows.AddRange(await Rows(RefreshDashboardRollupsCommand.MessagesToRecount(db, fromStart)).ToListAsync(cancellationToken));
        }

        var messagesOf = rows
            .GroupBy(m => m.ConversationId)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Fact.SentAt).ThenBy(m => m.Id).Select(m => m.Fact).ToList());

        var whole = recounts.Where(r => r.Whole).Select(r => r.Id).ToList();
        var partial = recounts.Where(r => !r.Whole).Select(r => (r.Id, r.Start!.Value)).ToList();
        var shares = new List<ConversationMessageCount>();
        var episodes = new List<ResponseEpisode>();
        if (whole.Count > 0)
        {
            shares.AddRange(await db.ConversationMessageCounts.Where(c => whole.Contains(c.ConversationId)).ToListAsync(cancellationToken));
            episodes.AddRange(await db.ResponseEpisodes.Where(e => whole.Contains(e.ConversationId)).ToListAsync(cancellationToken));
        }

        if (partial.Count > 0)
        {
            shares.AddRange(await RecountRanges.Where(db.ConversationMessageCounts, (c, id, start) => c.ConversationId == id && c.BucketStart >= start, partial)
                .ToListAsync(cancellationToken));
            episodes.AddRange(await RecountRanges
                .Where(db.ResponseEpisodes, (e, id, start) => e.ConversationId == id && (e.StartedAt >= start || e.RespondedAt == null || e.RespondedAt >= start), partial)
                .ToListAsync(cancellationToken));
        }

        var sharesOf = shares.ToLookup(c => c.ConversationId);
        var episodesOf = episodes.ToLookup(e => e.ConversationId);
        var changed = false;
        foreach (var recount in recounts)
        {
            var start = recount.Start;
            var read = messagesOf.GetValueOrDefault(recount.Id) ?? [];
            var counted = start is { } s ? read.Where(m => m.SentAt >= s).ToList() : read;
            changed |= ReplaceShare(recount, counted, [.. sharesOf[recount.Id]], deltas);
            changed |= ReplaceEpisodes(recount, counted, [.. episodesOf[recount.Id]]);
            if (openBuckets is not null)
            {
                var latest = counted.Count > 0 ? DashboardBuckets.Floor(counted.Max(m => m.SentAt)) : (DateTimeOffset?)null;
                openBuckets[recount.Id] = start is null ? latest : Later(latest, start);
            }
        }

        return changed;
    }

    private bool ReplaceShare(Recount recount, List<MessageFact> messages, List<ConversationMessageCount> shares, Dictionary<MessageCountKey, int> deltas)
    {
        var queueId = recount.Conversation?.QueueId ?? Guid.Empty;
        var connectionId = recount.Conversation?.ConnectionId ?? Guid.Empty;

        var counted = messages
            .GroupBy(m => new MessageCountKey(
                DashboardBuckets.Floor(m.SentAt),
                queueId,
                connectionId,
                m.Direction == MessageDirection.Outbound ? m.SenderUserId ?? Guid.Empty : Guid.Empty,
                m.Direction,
                m.Type))
            .ToDictionary(g => g.Key, g => g.Count());
        var changed = false;
        foreach (var share in shares)
        {
            if (share.BucketStart < recount.Start)
            {
                // Before the recount: the same messages, counted under the conversation's queue and number of now.
                if (share.QueueId != queueId || share.ConnectionId != connectionId)
                {
                    Add(deltas, share.Key, -share.Count);
                    share.Update(queueId, connectionId, share.Count);
                    Add(deltas, share.Key, share.Count);
                    changed = true;
                }

                continue;
            }

            Add(deltas, share.Key, -share.Count);
            var key = share.Key with { QueueId = queueId, ConnectionId = connectionId };
            if (counted.Remove(key, out var count))
            {
                Add(deltas, key, count);
                if (share.Count != count || share.QueueId != queueId || share.ConnectionId != connectionId)
                {
                    share.Update(queueId, connectionId, count);
                    changed = true;
                }
            }
            else
            {
                db.ConversationMessageCounts.Remove(share);
                changed = true;
            }
        }

        foreach (var (key, count) in counted)
        {
            Add(deltas, key, count);
            db.ConversationMessageCounts.Add(ConversationMessageCount.Create(recount.Id, key, count));
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// Recomputes the episodes from the recount's start: a customer still waiting there (the latest episode before it,
    /// unanswered before it) is waiting since that episode's start; episodes that ended before the start keep their
    /// times and take the conversation's queue.
    /// </summary>
    private bool ReplaceEpisodes(Recount recount, List<MessageFact> messages, List<ResponseEpisode> stored)
    {
        var queueId = recount.Conversation?.QueueId ?? Guid.Empty;
        var start = recount.Start;
        var before = start is { } s ? stored.Where(e => e.StartedAt < s).MaxBy(e => e.StartedAt) : null;
        var waiting = before is not null && !(before.RespondedAt < start) ? before : null;

        var computed = new Dictionary<DateTimeOffset, ResponseEpisode>();
        var waitingSince = waiting?.StartedAt;
        foreach (var message in messages)
        {
            if (message.Direction == MessageDirection.Inbound)
            {
                waitingSince ??= message.SentAt;
            }
            else if (message.SenderUserId is { } responder && waitingSince is { } since)
            {
                computed.TryAdd(since, ResponseEpisode.Create(recount.Id, since, queueId, message.SentAt, responder));
                waitingSince = null;
            }
        }

        if (waitingSince is { } open)
        {
            computed.TryAdd(open, ResponseEpisode.Create(recount.Id, open, queueId, null, null));
        }

        var changed = false;
        foreach (var episode in stored)
        {
            if (episode.StartedAt < start && episode != waiting)
            {
                if (episode.QueueId != queueId)
                {
                    episode.Update(queueId, episode.RespondedAt, episode.ResponderId);
                    changed = true;
                }

                continue;
            }

            if (computed.Remove(episode.StartedAt, out var now))
            {
                if (!episode.SameAs(now))
                {
                    episode.Update(now.QueueId, now.RespondedAt, now.ResponderId);
                    changed = true;
                }
            }
            else
            {
                db.ResponseEpisodes.Remove(episode);
                changed = true;
            }
        }

        foreach (var episode in computed.Values)
        {
            db.ResponseEpisodes.Add(episode);
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// Adds the differences to the totals of their 15-minute buckets and of their UTC days, so both grains always hold
    /// the same totals; a row that falls to zero is removed.
    /// </summary>
    private async Task<bool> ApplyAsync(Dictionary<MessageCountKey, int> deltas, CancellationToken cancellationToken)
    {
        var effective = deltas.Where(d => d.Value != 0).ToList();
        if (effective.Count == 0)
        {
            return false;
        }

        await ApplyAsync(db.MessageCountRollups, effective, MessageCountRollup.Create, cancellationToken);
        var daily = effective
            .GroupBy(d => d.Key with { BucketStart = DashboardBuckets.FloorDay(d.Key.BucketStart) }, d => d.Value)
            .Select(g => KeyValuePair.Create(g.Key, g.Sum()))
            .Where(d => d.Value != 0)
            .ToList();
        await ApplyAsync(db.DailyMessageCountRollups, daily, DailyMessageCountRollup.Create, cancellationToken);
        return true;
    }

    private static async Task ApplyAsync<TRow>(DbSet<TRow> set, List<KeyValuePair<MessageCountKey, int>> deltas, Func<MessageCountKey, int, TRow> create, CancellationToken cancellationToken)
        where TRow : MessageCountTotal
    {
        var buckets = deltas.Select(d => d.Key.BucketStart).Distinct().ToList();
        var rows = new Dictionary<MessageCountKey, TRow>();
        foreach (var chunk in buckets.Chunk(500))
        {
            var found = await set.Where(r => chunk.Contains(r.BucketStart)).ToListAsync(cancellationToken);
            foreach (var row in found)
            {
                rows[row.Key] = row;
            }
        }

        foreach (var (key, delta) in deltas)
        {
            if (rows.TryGetValue(key, out var row))
            {
                row.Add(delta);
                if (row.Count <= 0)
                {
                    set.Remove(row);
                }
            }
            else if (delta > 0)
            {
                set.Add(create(key, delta));
            }
        }
    }

    private static void Add(Dictionary<MessageCountKey, int> deltas, MessageCountKey key, int delta) =>
        deltas[key] = deltas.GetValueOrDefault(key) + delta;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>A changed conversation as read with its batch; <see cref="QueueId"/> is <see cref="Guid.Empty"/> for none.</summary>
    private sealed record ConversationRef(Guid Id, Guid QueueId, Guid ConnectionId, DateTimeOffset UpdatedAt, int Version, DateTimeOffset? RecountFrom);

    /// <summary>
    /// One conversation to recount from <paramref name="Start"/> (null: its whole history), or a removed one (no
    /// <paramref name="Conversation"/>). <paramref name="Whole"/>: its share and episodes are read whole, not only from the
    /// start (its queue or number may have changed, or it is recounted whole).
    /// </summary>
    private sealed record Recount(Guid Id, ConversationRef? Conversation, DateTimeOffset? Start, bool Whole);

    private static IQueryable<MessageRow> Rows(IQueryable<Message> messages) =>
        messages.Select(m => new MessageRow(m.ConversationId, new MessageFact(m.SentAt, m.Direction, m.Type, m.SenderUserId), m.Id));

    private sealed record MessageRow(Guid ConversationId, MessageFact Fact, Guid Id);

    private sealed record MessageFact(DateTimeOffset SentAt, MessageDirection Direction, string Type, Guid? SenderUserId);
}
