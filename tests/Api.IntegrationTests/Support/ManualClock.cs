namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// A clock the test moves by hand, for deterministic TOTP steps, expiries and lockout windows. It starts fourteen minutes in the
/// past so that access tokens issued at its time stay valid against the real clock while it is advanced.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow.AddMinutes(-14);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
