using System.Security.Cryptography;
using System.Text;

namespace WhatsSuite.Application.Webhooks;

/// <summary>
/// Meta's webhook signature: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body, keyed with
/// the app secret&gt;</c>. Computed over the bytes as received, before any JSON parsing, and compared in
/// constant time.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    public const string Prefix = "sha256=";
    private const int HashHexLength = SHA256.HashSizeInBytes * 2;

    /// <summary>The header value for <paramref name="body"/>: <c>sha256=</c> and the lower-case hex digest.</summary>
    public static string Compute(ReadOnlySpan<byte> body, ReadOnlySpan<byte> appSecret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(appSecret, body));

    public static string Compute(ReadOnlySpan<byte> body, string appSecret)
    {
        ArgumentNullException.ThrowIfNull(appSecret);
        return Compute(body, Encoding.UTF8.GetBytes(appSecret));
    }

    /// <summary>True when <paramref name="header"/> is <c>sha256=</c> followed by the hex HMAC of <paramref name="body"/>.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, ReadOnlySpan<byte> appSecret, string? header)
    {
        if (header is null || header.Length != Prefix.Length + HashHexLength || !header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), presented, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != presented.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        HMACSHA256.HashData(appSecret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }
}
