using System.Security.Cryptography;
using System.Text;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Auth;

/// <summary>
/// The MFA checks shared by the MFA use cases: TOTP codes (each time step accepted once per user),
/// recovery codes (stored as SHA-256 hashes, each usable once) and sign-in challenges.
/// </summary>
internal sealed class MfaVerifier(ITotpService totp, ISecretProtector protector, TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>Null when the code is valid and its step was not used yet; otherwise the failure reason.</summary>
    public string? CheckCode(User user, string code)
    {
        if (user.MfaSecret is null)
        {
            return "no_mfa_secret";
        }

        var step = MatchStep(user, code);
        if (step is null)
        {
            return "wrong_code";
        }

        return user.TryUseMfaStep(step.Value) ? null : "replayed_code";
    }

    public long? MatchStep(User user, string code) =>
        user.MfaSecret is null ? null : totp.MatchStep(protector.Unprotect(user.MfaSecret), code.Trim(), clock.GetUtcNow());

    public static bool TryUseRecoveryCode(User user, string recoveryCode) => user.TryUseRecoveryCode(HashRecoveryCode(recoveryCode));

    /// <summary>Fresh recovery codes (shown once) and the hashes to store.</summary>
    public static (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) NewRecoveryCodes()
    {
        var codes = Enumerable.Range(0, RecoveryCodeCount)
            .Select(_ => RandomNumberGenerator.GetString(RecoveryAlphabet, 5) + "-" + RandomNumberGenerator.GetString(RecoveryAlphabet, 5))
            .ToList();
        return (codes, codes.Select(HashRecoveryCode).ToList());
    }

    public static string HashRecoveryCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normalized = code.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return Hash(normalized);
    }

    /// <summary>A challenge token <c>&lt;userId&gt;.&lt;random&gt;</c>; only its hash is stored.</summary>
    public string StartChallenge(User user)
    {
        var token = $"{user.Id:N}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        user.StartMfaChallenge(Hash(token), clock.GetUtcNow() + ChallengeLifetime);
        return token;
    }

    public static bool TryReadChallenge(string token, out Guid userId, out string hash)
    {
        ArgumentNullException.ThrowIfNull(token);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        hash = Hash(token);
        userId = Guid.Empty;
        return dot > 0 && Guid.TryParseExact(token[..dot], "N", out userId);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
