namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30-second steps), as authenticator apps use them.</summary>
public interface ITotpService
{
    /// <summary>A new random secret (160 bits), base32 encoded.</summary>
    string GenerateSecret();

    /// <summary>
    /// The time step the code belongs to when it is valid at <paramref name="now"/> (one step of clock drift
    /// either way); null otherwise.
    /// </summary>
    long? MatchStep(string base32Secret, string code, DateTimeOffset now);
}
