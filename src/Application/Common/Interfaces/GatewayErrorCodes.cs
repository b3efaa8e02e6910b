namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// The error codes a gateway uses when WhatsApp gave no answer of its own (see <see cref="GatewayError"/>):
/// the transport failed, or the answer was not WhatsApp's error format.
/// </summary>
public static class GatewayErrorCodes
{
    /// <summary>No answer within <c>WHATSAPP_HTTP_TIMEOUT</c>.</summary>
    public const string Timeout = "timeout";

    /// <summary>The connection failed (DNS, refused, reset, TLS).</summary>
    public const string NetworkError = "network_error";

    /// <summary>A success status whose body was not the documented answer.</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>
    /// Graph error codes that mean "try again later": 1 and 2 (temporary API errors), 4 (application
    /// request limit), 80007 (WABA rate limit), 130429 (throughput), 131000 (something went wrong) and
    /// 131056 (pair rate limit).
    /// </summary>
    public static readonly IReadOnlySet<string> TransientGraphCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "1", "2", "4", "80007", "130429", "131000", "131056",
    };

    /// <summary>Graph error 130429: the number's throughput was exceeded; every send on the number waits (not only this message).</summary>
    public const string ThroughputExceeded = "130429";

    /// <summary>Graph error 131056: too many messages to one customer in a short time; only that customer's messages wait.</summary>
    public const string PairRateLimit = "131056";

    /// <summary>The connection has no WABA id, and templates live in the WhatsApp Business Account.</summary>
    public const string WabaIdMissing = "waba_id_missing";

    /// <summary>Graph error 190: the access token expired or was revoked.</summary>
    public const string InvalidAccessToken = "190";

    /// <summary>An error answer without WhatsApp's JSON error body: <c>http_&lt;status&gt;</c>.</summary>
    public static string Http(int status) => $"http_{status}";

    /// <summary>
    /// True when the code says nothing about the message or the credentials: the transport failed or
    /// WhatsApp was unavailable, so the same request may succeed later.
    /// </summary>
    public static bool IsUnavailable(string? code) =>
        code is Timeout or NetworkError or InvalidResponse
        || (code is not null && TransientGraphCodes.Contains(code))
        || (code is not null && code.StartsWith("http_", StringComparison.Ordinal)
            && int.TryParse(code.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out var status)
            && status is 429 or >= 500);
}
