using WhatsSuite.Infrastructure.Background;

namespace WhatsSuite.Api.IntegrationTests.Background;

/// <summary>
/// The group commit shared by the audit chain's appender and the outbox's result recorder
/// (<see cref="GroupCommit{TItem, TResult}"/>): what arrives during a write waits for the next one and is written with the
/// others, and a failed group's items are written alone when asked.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WriteAsync_ItemsArrivingDuringAWrite_AreWrittenTogetherInArrivalOrderByTheNextWrite()
    {
        var writes = new List<IReadOnlyList<int>>();
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var group = new GroupCommit<int, string>(
            async items =>
            {
                lock (writes)
                {
                    writes.Add(items);
                }

                firstWrite.TrySetResult();
                await release.Task;
                return [.. items.Select(i => $"#{i}")];
            },
            maxGroup: 3,
            writeAloneOnFailure: false);

        var first = group.WriteAsync(1);
        await firstWrite.Task.WaitAsync(Wait);
        var later = Enumerable.Range(2, 4).Select(group.WriteAsync).ToList();
        Assert.Equal(4, group.Queued);
        Assert.False(first.IsCompleted);
        release.SetResult();

        Assert.Equal("#1", await first.WaitAsync(Wait));
        Assert.Equal(["#2", "#3", "#4", "#5"], await Task.WhenAll(later).WaitAsync(Wait));
        Assert.Equal([[1], [2, 3, 4], [5]], writes.Select(w => w.ToArray()));
    }

    [Fact]
    public async Task WriteAsync_GroupFailsAndWriteAloneOnFailure_WritesEachAloneAndFailsOnlyTheBadItem()
    {
        var writes = new List<IReadOnlyList<int>>();
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new List<int>();
        var group = new GroupCommit<int, int>(
            async items =>
            {
                lock (writes)
                {
                    writes.Add(items);
                }

                firstWrite.TrySetResult();
                await release.Task;
                return items.Contains(13) ? throw new InvalidOperationException("13 cannot be written") : [.. items.Select(i => i * 10)];
            },
            maxGroup: 10,
            writeAloneOnFailure: true,
            (_, size) => failures.Add(size));

        var first = group.WriteAsync(1);
        await firstWrite.Task.WaitAsync(Wait);
        var rest = Enumerable.Range(12, 3).Select(group.WriteAsync).ToList();
        release.SetResult();

        Assert.Equal(10, await first.WaitAsync(Wait));
        Assert.Equal(120, await rest[0].WaitAsync(Wait));
        await Assert.ThrowsAsync<InvalidOperationException>(() => rest[1].WaitAsync(Wait));
        Assert.Equal(140, await rest[2].WaitAsync(Wait));
        Assert.Equal([3], failures);
        Assert.Equal([[1], [12, 13, 14], [12], [13], [14]], writes.Select(w => w.ToArray()));
    }

    [Fact]
    public async Task WriteAsync_GroupFailsWithoutWriteAlone_EveryCallerOfTheGroupGetsTheFailure()
    {
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var group = new GroupCommit<int, int>(
            async items =>
            {
                firstWrite.TrySetResult();
                await release.Task;
                return items.Count > 1 ? throw new InvalidOperationException("the database is gone") : [.. items];
            },
            maxGroup: 10,
            writeAloneOnFailure: false);

        var first = group.WriteAsync(1);
        await firstWrite.Task.WaitAsync(Wait);
        var rest = Enumerable.Range(2, 2).Select(group.WriteAsync).ToList();
        release.SetResult();

        Assert.Equal(1, await first.WaitAsync(Wait));
        foreach (var failed in rest)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(Wait));
        }

        // The next item after a failed group is written as usual.
        Assert.Equal(4, await group.WriteAsync(4).WaitAsync(Wait));
    }
}
