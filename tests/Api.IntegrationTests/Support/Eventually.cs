namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// Polls a condition until it holds or a generous deadline passes (a minute by default: test classes run three at a
/// time, and background work on a busy two-core machine can take many times its quiet duration).
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
