namespace WhatsSuite.Infrastructure.Background;

/// <summary>
/// Group commit of items that many callers write one at a time: the items that arrive while a write is under way wait
/// for the next write, which takes them all in arrival order (up to a group's most); an item that arrives alone is
/// written at once. A caller's task completes only when the write of its group has committed, with that write's answer
/// for its item, so "the call returned" still means "the item is durable". One write at a time per instance.
/// <para>
/// When a group's write fails, nothing of it was committed. With <c>writeAloneOnFailure</c> each of its items is then
/// written by itself, so that one bad item fails only its own caller; otherwise every caller of the group gets the
/// failure, as it would have from a write of its own.
/// </para>
/// </summary>
/// <typeparam name="TItem">What a caller hands in.</typeparam>
/// <typeparam name="TResult">The write's answer for one item.</typeparam>
internal sealed class GroupCommit<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _write;
    private readonly int _maxGroup;
    private readonly bool _writeAloneOnFailure;
    private readonly Action<Exception, int>? _groupFailed;
    private readonly Lock _gate = new();
    private readonly List<Pending> _queue = [];
    private bool _writing;

    /// <param name="write">Writes a group in one transaction and answers one result per item, in the group's order.</param>
    /// <param name="maxGroup">The most items one write takes: bounds a transaction and the first caller's wait behind the others.</param>
    /// <param name="writeAloneOnFailure">Whether the items of a failed group are written again one by one.</param>
    /// <param name="groupFailed">Told of a group's failure (the exception and the group's size) before its items are written alone.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, int maxGroup, bool writeAloneOnFailure, Action<Exception, int>? groupFailed = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        _write = write;
        _maxGroup = maxGroup;
        _writeAloneOnFailure = writeAloneOnFailure;
        _groupFailed = groupFailed;
    }

    /// <summary>Items waiting for the next write (the one under way excluded).</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Writes <paramref name="item"/> with the others that arrive meanwhile; completes once its group has committed.</summary>
    public Task<TResult> WriteAsync(TItem item)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _queue.Add(pending);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            _ = Task.Run(WriteQueuedAsync);
        }

        return pending.Done.Task;
    }

    /// <summary>Writes what is queued, group after group, until the queue is empty.</summary>
    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                var count = Math.Min(_queue.Count, _maxGroup);
                group = _queue.GetRange(0, count);
                _queue.RemoveRange(0, count);
            }

            try
            {
                Complete(group, await WriteGroupAsync(group));
            }
            catch (Exception groupException) when (_writeAloneOnFailure && group.Count > 1)
            {
                _groupFailed?.Invoke(groupException, group.Count);
                foreach (var pending in group)
                {
                    try
                    {
                        Complete([pending], await WriteGroupAsync([pending]));
                    }
                    catch (Exception exception)
                    {
                        pending.Done.TrySetException(exception);
                    }
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(exception);
                }
            }
        }
    }

    private async Task<IReadOnlyList<TResult>> WriteGroupAsync(List<Pending> group)
    {
        var results = await _write(group.ConvertAll(p => p.Item));
        return results.Count == group.Count
            ? results
            : throw new InvalidOperationException($"A group write of {group.Count} items answered {results.Count} results.");
    }

    private static void Complete(List<Pending> group, IReadOnlyList<TResult> results)
    {
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Done.TrySetResult(results[i]);
        }
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Done);
}
