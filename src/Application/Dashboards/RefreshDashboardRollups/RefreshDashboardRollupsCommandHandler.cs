using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Dashboards.RefreshDashboardRollups;

internal sealed class RefreshDashboardRollupsCommandHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<RefreshDashboardRollupsCommand, Result<DashboardRollupBatch>>
{
    /// <summary>Conversations recounted with one set of queries (their messages are read whole).</summary>
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
            .Select(c => new ConversationRef(c.Id, c.QueueId, c.ConnectionId, c.UpdatedAt, c.Version))
            .ToListAsync(cancellationToken);

        // A conversation still in the state the last recount saw (read again because of the overlap) is skipped.
        var ids = removed.Select(r => r.ConversationId).Concat(batch.Select(c => c.Id)).ToList();
        var marks = await db.RecountedConversations.Where(r => ids.Contains(r.ConversationId)).ToDictionaryAsync(r => r.ConversationId, cancellationToken);
        var stale = batch.Where(c => !(marks.TryGetValue(c.Id, out var mark) && mark.Covers(c.UpdatedAt, c.Version))).ToList();

        if (removed.Count > 0)
        {
            changed |= await RecountAsync([.. removed.Select(r => (r.ConversationId, (ConversationRef?)null))], deltas, cancellationToken);
        }

        foreach (var conversation in removed)
        {
            db.RemovedConversations.Remove(conversation);
            if (marks.TryGetValue(conversation.ConversationId, out var mark))
            {
                db.RecountedConversations.Remove(mark);
            }
        }

        foreach (var chunk in stale.Chunk(RecountChunk))
        {
            changed |= await RecountAsync([.. chunk.Select(c => (c.Id, (ConversationRef?)c))], deltas, cancellationToken);
            foreach (var conversation in chunk)
            {
                if (marks.TryGetValue(conversation.Id, out var mark))
                {
                    mark.Update(conversation.UpdatedAt, conversation.Version);
                }
                else
                {
                    db.RecountedConversations.Add(RecountedConversation.Record(conversation.Id, conversation.UpdatedAt, conversation.Version));
                }
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

        var done = batch.Count < RefreshDashboardRollupsCommand.BatchSize && removed.Count < RefreshDashboardRollupsCommand.BatchSize;
        return new DashboardRollupBatch(batch.Count, removed.Count, changed, last?.UpdatedAt ?? afterTime, last?.Id ?? afterId, done);
    }

    /// <summary>
    /// Replaces each conversation's share of the totals (adding the difference to <paramref name="deltas"/>) and its
    /// response episodes, with three queries for the whole chunk; a removed conversation (no
    /// <see cref="ConversationRef"/>) has none left.
    /// </summary>
    private async Task<bool> RecountAsync(List<(Guid Id, ConversationRef? Conversation)> conversations, Dictionary<MessageCountKey, int> deltas, CancellationToken cancellationToken)
    {
        var ids = conversations.Select(c => c.Id).ToList();
        var live = conversations.Where(c => c.Conversation is not null).Select(c => c.Id).ToList();
        var messagesOf = live.Count == 0
            ? []
            : (await db.Messages.AsNoTracking()
                .Where(m => live.Contains(m.ConversationId))
                .Select(m => new { m.ConversationId, Fact = new MessageFact(m.SentAt, m.Direction, m.Type, m.SenderUserId), m.Id })
                .ToListAsync(cancellationToken))
                .GroupBy(m => m.ConversationId)
                .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Fact.SentAt).ThenBy(m => m.Id).Select(m => m.Fact).ToList());
        var sharesOf = (await db.ConversationMessageCounts.Where(c => ids.Contains(c.ConversationId)).ToListAsync(cancellationToken)).ToLookup(c => c.ConversationId);
        var episodesOf = (await db.ResponseEpisodes.Where(e => ids.Contains(e.ConversationId)).ToListAsync(cancellationToken)).ToLookup(e => e.ConversationId);
        var changed = false;
        foreach (var (id, conversation) in conversations)
        {
            var messages = messagesOf.GetValueOrDefault(id) ?? [];
            changed |= Recount(id, conversation, messages, [.. sharesOf[id]], deltas);
            changed |= ReplaceEpisodes(id, conversation?.QueueId ?? Guid.Empty, messages, [.. episodesOf[id]]);
        }

        return changed;
    }

    private bool Recount(Guid conversationId, ConversationRef? conversation, List<MessageFact> messages, List<ConversationMessageCount> shares, Dictionary<MessageCountKey, int> deltas)
    {
        var queueId = conversation?.QueueId ?? Guid.Empty;
        var connectionId = conversation?.ConnectionId ?? Guid.Empty;

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
            db.ConversationMessageCounts.Add(ConversationMessageCount.Create(conversationId, key, count));
            changed = true;
        }

        return changed;
    }

    private bool ReplaceEpisodes(Guid conversationId, Guid queueId, List<MessageFact> messages, List<ResponseEpisode> stored)
    {
        var computed = new Dictionary<DateTimeOffset, ResponseEpisode>();
        DateTimeOffset? waitingSince = null;
        foreach (var message in messages)
        {
            if (message.Direction == MessageDirection.Inbound)
            {
                waitingSince ??= message.SentAt;
            }
            else if (message.SenderUserId is { } responder && waitingSince is { } since)
            {
                computed.TryAdd(since, ResponseEpisode.Create(conversationId, since, queueId, message.SentAt, responder));
                waitingSince = null;
            }
        }

        if (waitingSince is { } open)
        {
            computed.TryAdd(open, ResponseEpisode.Create(conversationId, open, queueId, null, null));
        }

        var changed = false;
        foreach (var episode in stored)
        {
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

    private sealed record ConversationRef(Guid Id, Guid? QueueId, Guid ConnectionId, DateTimeOffset UpdatedAt, int Version);

    private sealed record MessageFact(DateTimeOffset SentAt, MessageDirection Direction, string Type, Guid? SenderUserId);
}
