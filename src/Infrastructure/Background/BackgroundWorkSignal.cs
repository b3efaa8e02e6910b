using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Background;

/// <summary>
/// In-process wake-ups for the background workers: <see cref="Notify"/> releases one pending or the next
/// <see cref="WaitAsync"/> of that work; many notifications before a wait collapse into one wake-up.
/// </summary>
public sealed class BackgroundWorkSignal : IBackgroundWorkSignal
{
    private readonly ConcurrentDictionary<BackgroundWork, SemaphoreSlim> _signals = new();
    private readonly ConcurrentDictionary<BackgroundWork, StrongBox<long>> _counts = new();

    public void Notify(BackgroundWork work)
    {
        Interlocked.Increment(ref _counts.GetOrAdd(work, _ => new StrongBox<long>()).Value);
        var signal = Get(work);
        lock (signal)
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
    }

    /// <summary>Waits until <paramref name="work"/> is notified or <paramref name="timeout"/> passes; true when notified.</summary>
    public Task<bool> WaitAsync(BackgroundWork work, TimeSpan timeout, CancellationToken cancellationToken) =>
        Get(work).WaitAsync(timeout, cancellationToken);

    /// <summary>How many times <paramref name="work"/> was notified since the process started (tells a worker whether new work keeps arriving).</summary>
    public long Notifications(BackgroundWork work) => Interlocked.Read(ref _counts.GetOrAdd(work, _ => new StrongBox<long>()).Value);

    private SemaphoreSlim Get(BackgroundWork work) => _signals.GetOrAdd(work, _ => new SemaphoreSlim(0, 1));
}
