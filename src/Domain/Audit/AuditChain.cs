using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WhatsSuite.Domain.Audit;

/// <summary>
/// The hash chain of the audit trail. A row's hash is SHA-256 over a canonical serialization of every column
/// that matters plus the previous row's hash. The serialization is length-prefixed, so no choice of values
/// can make two different rows serialize alike: each field is written as <c>&lt;length&gt;:&lt;value&gt;;</c>
/// (length in UTF-16 code units) and a null as <c>~;</c>, in a fixed order. Timestamps are UTC with exactly
/// millisecond precision (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>), which survives both PostgreSQL (microseconds)
/// and the SQLite converter (100 microseconds).
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first row.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Format version, part of every hash so that a future format cannot be confused with this one.</summary>
    public const string FormatVersion = "whatssuite-audit-v1";

    /// <summary>Rounds a time down to whole milliseconds in UTC, the precision kept in the chain.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>The canonical text that is hashed for <paramref name="log"/>.</summary>
    public static string Canonical(AuditLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var builder = new StringBuilder(256);
        Append(builder, FormatVersion);
        Append(builder, log.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(builder, log.Id.ToString("D"));
        Append(builder, Normalize(log.OccurredAt).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        Append(builder, log.ActorKind.ToString());
        Append(builder, log.ActorId);
        Append(builder, log.Action);
        Append(builder, log.TargetType);
        Append(builder, log.TargetId);
        Append(builder, log.Outcome.ToString());
        Append(builder, log.Reason);
        Append(builder, log.IpAddress);
        Append(builder, log.UserAgent);
        Append(builder, log.RequestId);
        Append(builder, log.PreviousHash);
        return builder.ToString();
    }

    /// <summary>SHA-256 of <see cref="Canonical"/>, lower-case hex.</summary>
    public static string ComputeHash(AuditLog log) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(log))));

    private static void Append(StringBuilder builder, string? value)
    {
        if (value is null)
        {
            builder.Append("~;");
            return;
        }

        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
    }
}
