namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// A clock the test moves by hand, for deterministic TOTP steps, expiries and lockout windows. It starts fourteen minutes in the
/// past, so a time the product took from the real clock instead of its own shows (access tokens, for one, are issued and
/// checked on this clock: <c>AccessTokenLifetimeTests</c>).
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow.AddMinutes(-14);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
