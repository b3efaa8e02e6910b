using System.Collections.Concurrent;
using StackExchange.Redis;
using WhatsSuite.Application.Desk;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Realtime;

/// <summary>Server mode: one Redis counter per conversation, shared by every instance, kept 7 days after its last event.</summary>
internal sealed class RedisDeskSequencer(IConnectionMultiplexer redis, WhatsSuiteSettings settings) : IDeskSequencer
{
    private static readonly TimeSpan Keep = TimeSpan.FromDays(7);

    public async Task<long> NextAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = Key(conversationId);
        var next = await db.StringIncrementAsync(key);
        _ = db.KeyExpireAsync(key, Keep, CommandFlags.FireAndForget);
        return next;
    }

    public async Task<long> CurrentAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(Key(conversationId));
        return value.TryParse(out long current) ? current : 0;
    }

    public async Task<IReadOnlyList<long>> NumberAsync(IReadOnlyList<DeskSequenceStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            return [];
        }

        // One batch: its commands reach Redis together and in this order, so each conversation's numbers come out as
        // they would one by one, in a single round trip.
        var batch = redis.GetDatabase().CreateBatch();
        var answers = new Task<long>[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var key = Key(steps[i].ConversationId);
            if (steps[i].Advance)
            {
                answers[i] = batch.StringIncrementAsync(key);
                _ = batch.KeyExpireAsync(key, Keep, CommandFlags.FireAndForget);
            }
            else
            {
                answers[i] = Current(batch.StringGetAsync(key));
            }
        }

        batch.Execute();
        return await Task.WhenAll(answers);

        static async Task<long> Current(Task<RedisValue> value) => (await value).TryParse(out long current) ? current : 0;
    }

    private RedisKey Key(Guid conversationId) => $"{settings.RedisSessionPrefix}:desk:seq:{conversationId:N}";
}

/// <summary>Embedded mode (one instance): counters in memory; after a restart they start again, which clients see as a gap.</summary>
internal sealed class MemoryDeskSequencer : IDeskSequencer
{
    private readonly ConcurrentDictionary<Guid, long> _counters = new();

    public Task<long> NextAsync(Guid conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(_counters.AddOrUpdate(conversationId, 1, (_, current) => current + 1));

    public Task<long> CurrentAsync(Guid conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(_counters.GetValueOrDefault(conversationId));

    public Task<IReadOnlyList<long>> NumberAsync(IReadOnlyList<DeskSequenceStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        IReadOnlyList<long> numbers = steps
            .Select(s => s.Advance ? _counters.AddOrUpdate(s.ConversationId, 1, (_, current) => current + 1) : _counters.GetValueOrDefault(s.ConversationId))
            .ToList();
        return Task.FromResult(numbers);
    }
}
