using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;
using WhatsSuite.Application.Desk;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Realtime;

/// <summary>
/// Server mode: the recent desk events in one Redis stream shared by every instance, each entry's id being its cursor
/// (<c>cursor-0</c>), taken from one counter in the same script so cursors are consecutive. The stream keeps about the
/// last <c>REALTIME_RESUME_MAX_EVENTS</c> entries; a read refuses events older than <c>REALTIME_RESUME_WINDOW_SECONDS</c>.
/// The counter starts from the clock (milliseconds × 1000) so that, should Redis lose it, new cursors stay above old ones.
/// </summary>
internal sealed class RedisDeskJournal(IConnectionMultiplexer redis, WhatsSuiteSettings settings, TimeProvider clock) : IDeskJournal
{
    private const string AppendScript = """
        redis.call('SET', KEYS[1], ARGV[1], 'NX')
        local count = #ARGV - 2
        local last = redis.call('INCRBY', KEYS[1], count)
        for i = 1, count do
          redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], string.format('%d-0', last - count + i), 'e', ARGV[i + 2])
        end
        return last
        """;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    private RedisKey CounterKey => $"{settings.RedisSessionPrefix}:desk:cursor";

    private RedisKey StreamKey => $"{settings.RedisSessionPrefix}:desk:journal";

    public async Task<long> AppendAsync(IReadOnlyList<DeskJournalEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var args = new RedisValue[entries.Count + 2];
        args[0] = Seed();
        args[1] = settings.Realtime.ResumeMaxEvents;
        for (var i = 0; i < entries.Count; i++)
        {
            args[i + 2] = JsonSerializer.Serialize(entries[i], Json);
        }

        var last = (long)await redis.GetDatabase().ScriptEvaluateAsync(AppendScript, [CounterKey, StreamKey], args);
        return last - entries.Count + 1;
    }

    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        await db.StringSetAsync(CounterKey, Seed(), when: When.NotExists);
        return (long)await db.StringGetAsync(CounterKey);
    }

    public async Task<DeskJournalRead> ReadAfterAsync(long cursor, CancellationToken cancellationToken)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(StreamKey, $"{cursor + 1}-0", "+");
        var items = entries.Select(e => new DeskJournalItem(
            long.Parse(((string)e.Id!)[..((string)e.Id!).IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture),
            JsonSerializer.Deserialize<DeskJournalEntry>((string)e["e"]!, Json)!)).ToList();
        var oldest = clock.GetUtcNow() - settings.Realtime.ResumeWindow;
        return new DeskJournalRead(items.Count > 0 && items[0].Cursor == cursor + 1 && items[0].Entry.Envelope.At >= oldest, items);
    }

    private long Seed() => clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
}

/// <summary>
/// Embedded mode (one instance): the recent desk events in memory, bounded like the Redis stream. The counter starts
/// from the clock (milliseconds × 1000), so cursors from before a restart are below what is kept and resume as a reload.
/// </summary>
internal sealed class MemoryDeskJournal : IDeskJournal
{
    private readonly Lock _gate = new();
    private readonly LinkedList<(long Cursor, DeskJournalEntry Entry)> _items = new();
    private readonly WhatsSuiteSettings _settings;
    private readonly TimeProvider _clock;
    private long _head;

    public MemoryDeskJournal(WhatsSuiteSettings settings, TimeProvider clock)
    {
        _settings = settings;
        _clock = clock;
        _head = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }

    public Task<long> AppendAsync(IReadOnlyList<DeskJournalEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            var first = _head + 1;
            foreach (var entry in entries)
            {
                _items.AddLast((++_head, entry));
            }

            var oldest = _clock.GetUtcNow() - _settings.Realtime.ResumeWindow;
            while (_items.Count > _settings.Realtime.ResumeMaxEvents || (_items.First is { } f && f.Value.Entry.Envelope.At < oldest))
            {
                _items.RemoveFirst();
            }

            return Task.FromResult(first);
        }
    }

    public Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_head);
        }
    }

    public Task<DeskJournalRead> ReadAfterAsync(long cursor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var items = _items.Where(i => i.Cursor > cursor).Select(i => new DeskJournalItem(i.Cursor, i.Entry)).ToList();
            var oldest = _clock.GetUtcNow() - _settings.Realtime.ResumeWindow;
            return Task.FromResult(new DeskJournalRead(items.Count > 0 && items[0].Cursor == cursor + 1 && items[0].Entry.Envelope.At >= oldest, items));
        }
    }
}
