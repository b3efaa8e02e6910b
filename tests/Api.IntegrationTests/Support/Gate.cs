namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// Holds one pass of the code under test at a chosen point, so a test can interleave two requests
/// deterministically: <see cref="Arm"/>, start the request, await the task <see cref="Arm"/> returned (the
/// request has reached the gate), do the other thing, then <see cref="Open"/>. Inert while not armed.
/// </summary>
public sealed class Gate
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _reached;
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Makes the next pass wait; the returned task completes when a pass reaches the gate.</summary>
    public Task Arm()
    {
        lock (_lock)
        {
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Lets the waiting pass continue.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Called by the gated code: waits for <see cref="Open"/> when armed, returns at once otherwise.</summary>
    public void Pass()
    {
        Task open;
        lock (_lock)
        {
            if (_reached is null)
            {
                return;
            }

            _reached.TrySetResult();
            _reached = null;
            open = _open.Task;
        }

        if (!open.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("The gate was never opened.");
        }
    }
}
