namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>A clock the test moves by hand, for rules that depend on elapsed time (lockout windows).</summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
