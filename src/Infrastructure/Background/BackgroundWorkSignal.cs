using System.Collections.Concurrent;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Background;

/// <summary>
/// In-process wake-ups for the background workers: <see cref="Notify"/> releases one pending or the next
/// <see cref="WaitAsync"/> of that work; many notifications before a wait collapse into one wake-up.
/// </summary>
public sealed class BackgroundWorkSignal : IBackgroundWorkSignal
{
    private readonly ConcurrentDictionary<BackgroundWork, SemaphoreSlim> _signals = new();

    public void Notify(BackgroundWork work)
    {
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

    private SemaphoreSlim Get(BackgroundWork work) => _signals.GetOrAdd(work, _ => new SemaphoreSlim(0, 1));
}
