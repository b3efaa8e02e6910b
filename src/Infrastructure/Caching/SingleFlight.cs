using System.Collections.Concurrent;

namespace WhatsSuite.Infrastructure.Caching;

/// <summary>
/// One computation per key at a time in this process: a caller that asks for a key while its computation runs waits
/// for that computation's result instead of starting its own. Twenty supervisors opening the same view right after
/// new data invalidated it cost one computation, not twenty that share two cores.
/// <para>
/// A computation runs with the first caller's services and cancellation. When that caller goes away (its request was
/// cancelled), the callers still waiting start again and one of them computes; when it fails, each waiting caller
/// fails with the same exception, as it would have failed running it at the same moment. Nothing is kept once a
/// computation ends: keeping results is the cache's job.
/// </para>
/// </summary>
public sealed class SingleFlight
{
    private readonly ConcurrentDictionary<string, Task<object?>> _running = new(StringComparer.Ordinal);

    /// <summary>The number of computations running now (for tests and diagnostics).</summary>
    public int Running => _running.Count;

    public async Task<T> RunAsync<T>(string key, Func<Task<T>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(compute);
        while (true)
        {
            var ours = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = _running.GetOrAdd(key, ours.Task);
            if (running == ours.Task)
            {
                return await OwnAsync(key, ours, compute, cancellationToken);
            }

            try
            {
                return (T)(await running.WaitAsync(cancellationToken))!;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && running.IsCanceled)
            {
                // The caller that owned it went away; this one is still waiting: start again.
            }
        }
    }

    private async Task<T> OwnAsync<T>(string key, TaskCompletionSource<object?> ours, Func<Task<T>> compute, CancellationToken cancellationToken)
    {
        try
        {
            var value = await compute();
            ours.SetResult(value);
            return value;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ours.SetCanceled(cancellationToken);
            throw;
        }
        catch (Exception exception)
        {
            ours.SetException(exception);

            // Observed here: with nobody waiting, the failure is already the owner's to report.
            _ = ours.Task.Exception;
            throw;
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, Task<object?>>(key, ours.Task));
        }
    }
}
