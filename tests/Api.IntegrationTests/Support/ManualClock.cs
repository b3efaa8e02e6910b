namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// A clock the test moves by hand, for deterministic TOTP steps, expiries and lockout windows. By default it starts
/// fourteen minutes in the past, so a time the product took from the real clock instead of its own shows (access tokens,
/// for one, are issued and checked on this clock: <c>AccessTokenLifetimeTests</c>). A host that must accept tokens
/// another host issued on the real clock starts it at the real time instead (<see cref="ManualClock(TimeSpan)"/>).
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now;

    public ManualClock()
        : this(TimeSpan.FromMinutes(-14))
    {
    }

    /// <summary>A clock that starts <paramref name="fromNow"/> away from the real time.</summary>
    public ManualClock(TimeSpan fromNow) => _now = DateTimeOffset.UtcNow + fromNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
