using OtpNet;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Identity;

/// <summary>RFC 6238 TOTP with Otp.NET: SHA-1, 6 digits, 30-second steps, one step of drift accepted.</summary>
internal sealed class OtpNetTotpService : ITotpService
{
    public string GenerateSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public long? MatchStep(string base32Secret, string code, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(base32Secret);
        ArgumentNullException.ThrowIfNull(code);
        var totp = new Totp(Base32Encoding.ToBytes(base32Secret));
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }
}
