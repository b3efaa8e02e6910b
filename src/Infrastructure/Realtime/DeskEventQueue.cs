using System.Threading.Channels;
using WhatsSuite.Application.Desk;

namespace WhatsSuite.Infrastructure.Realtime;

/// <summary>
/// Singleton: the committed desk changes of this instance waiting for delivery, in commit order. Bounded: when the
/// delivery falls <see cref="Capacity"/> batches behind, the oldest are dropped and <see cref="TakeDropped"/> tells
/// the deliverer to have every client reload (so nothing is lost silently).
/// </summary>
public sealed class DeskEventQueue : IDeskEventSink
{
    public const int Capacity = 100_000;

    private readonly Channel<IReadOnlyList<DeskChange>> _channel;
    private int _dropped;

    public DeskEventQueue()
    {
        _channel = Channel.CreateBounded<IReadOnlyList<DeskChange>>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<IReadOnlyList<DeskChange>> Reader => _channel.Reader;

    public void Publish(IReadOnlyList<DeskChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _channel.Writer.TryWrite(changes);
    }

    /// <summary>How many batches were dropped since the last call.</summary>
    public int TakeDropped() => Interlocked.Exchange(ref _dropped, 0);
}
