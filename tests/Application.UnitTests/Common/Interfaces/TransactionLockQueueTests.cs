using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Application.UnitTests.Common.Interfaces;

/// <summary>A worker's transactions take their locks in claim order when they share a key, and side by side when they do not.</summary>
public sealed class TransactionLockQueueTests
{
    private const TransactionLockSpace Space = TransactionLockSpace.InboxConnection;
    private static readonly Guid NumberA = Guid.NewGuid();
    private static readonly Guid NumberB = Guid.NewGuid();

    [Fact]
    public async Task WaitAsync_EarlierTicketSharesAKey_WaitsUntilTheEarlierPasses()
    {
        var queue = new TransactionLockQueue();
        var first = queue.Take();
        var second = queue.Take();
        await first.WaitAsync(Space, [NumberA], CancellationToken.None);

        var waiting = second.WaitAsync(Space, [NumberB, NumberA], CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        first.Pass();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    [Fact]
    public async Task WaitAsync_EarlierTicketHasOtherKeys_GoesAtOnce()
    {
        var queue = new TransactionLockQueue();
        var first = queue.Take();
        var second = queue.Take();
        await first.WaitAsync(Space, [NumberA], CancellationToken.None);

        var waiting = second.WaitAsync(Space, [NumberB], CancellationToken.None);

        Assert.True(waiting.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_EarlierTicketHasNotAskedYet_WaitsUntilItDeclaresOtherKeys()
    {
        var queue = new TransactionLockQueue();
        var first = queue.Take();
        var second = queue.Take();

        var waiting = second.WaitAsync(Space, [NumberB], CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        await first.WaitAsync(Space, [NumberA], CancellationToken.None);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    [Fact]
    public async Task WaitAsync_LaterTicketOfTheSameKey_NeverHoldsBackAnEarlierOne()
    {
        var queue = new TransactionLockQueue();
        var first = queue.Take();
        var second = queue.Take();
        var third = queue.Take();
        var secondWaits = second.WaitAsync(Space, [NumberA], CancellationToken.None);
        var thirdWaits = third.WaitAsync(Space, [NumberA], CancellationToken.None);

        await first.WaitAsync(Space, [NumberA], CancellationToken.None);
        first.Pass();
        await secondWaits.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(thirdWaits.IsCompleted);

        second.Pass();
        await thirdWaits.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    [Fact]
    public async Task Pass_WithoutAskingAndTwice_LetsTheNextGoAndLeavesTheOthersInLine()
    {
        var queue = new TransactionLockQueue();
        var first = queue.Take();
        var second = queue.Take();
        var third = queue.Take();
        var waiting = second.WaitAsync(Space, [NumberA], CancellationToken.None);

        first.Pass();
        first.Pass();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        // The second pass of the first ticket did not take the second out of line: the third still waits for it.
        var thirdWaits = third.WaitAsync(Space, [NumberA], CancellationToken.None);
        await Task.Delay(50);
        Assert.False(thirdWaits.IsCompleted);
        second.Pass();
        await thirdWaits.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        // A passed ticket asking again (a re-run of its batch) waits for nobody.
        Assert.True(second.WaitAsync(Space, [NumberA], CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_StopsWaiting()
    {
        var queue = new TransactionLockQueue();
        var first = queue.Take();
        var second = queue.Take();
        await first.WaitAsync(Space, [NumberA], CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = second.WaitAsync(Space, [NumberA], cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
