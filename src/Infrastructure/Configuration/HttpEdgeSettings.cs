using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>Settings of the HTTP edge: HTTPS, trusted proxies, CORS, rate limits, backpressure, timeouts and body size.</summary>
public sealed class HttpEdgeSettings
{
    public const long DefaultBodyLimit = 25L * 1024 * 1024;

    public required bool RequireHttps { get; init; }

    public required IReadOnlyList<IPNetwork> TrustedProxies { get; init; }

    /// <summary>Exact origins allowed to call the API from a browser; empty means none.</summary>
    public required IReadOnlyList<string> AllowedOrigins { get; init; }

    /// <summary><c>ALLOWED_ORIGINS=*</c> outside Production: any origin is reflected.</summary>
    public required bool AllowAnyOrigin { get; init; }

    public required FixedWindow IpLimit { get; init; }

    public required FixedWindow UserLimit { get; init; }

    public required FixedWindow ApiKeyLimit { get; init; }

    /// <summary>Per client IP, for the anonymous authentication endpoints only (<c>RATE_LIMIT_AUTH_*</c>).</summary>
    public required FixedWindow SignInIpLimit { get; init; }

    public required string RateLimitPrefix { get; init; }

    public required int MaxConcurrentRequests { get; init; }

    public required int BackpressureQueue { get; init; }

    public required TimeSpan RequestTimeout { get; init; }

    public required long BodyLimit { get; init; }

    public static HttpEdgeSettings Load(ConfigReader config, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        var origins = List(config.Text("ALLOWED_ORIGINS"));
        var anyOrigin = origins.Contains("*");
        if (anyOrigin && environment.IsProduction())
        {
            throw new InvalidOperationException("ALLOWED_ORIGINS must list exact origins in Production; '*' is not allowed.");
        }

        if (anyOrigin && origins.Count > 1)
        {
            throw new InvalidOperationException("ALLOWED_ORIGINS must be either '*' or a list of origins, not both.");
        }

        return new HttpEdgeSettings
        {
            RequireHttps = config.Bool("HTTP_REQUIRE_HTTPS", environment.IsProduction()),
            TrustedProxies = List(config.Text("TRUSTED_PROXIES")).Select(ParseNetwork).ToList(),
            AllowedOrigins = anyOrigin ? [] : origins.Select(ParseOrigin).ToList(),
            AllowAnyOrigin = anyOrigin,
            IpLimit = new FixedWindow(
                config.Number("RATE_LIMIT_WINDOW_SECONDS", 60, min: 1, max: 86400),
                config.Number("RATE_LIMIT_MAX_REQUESTS", 300, min: 1, max: 10_000_000)),
            UserLimit = new FixedWindow(
                config.Number("RATE_LIMIT_USER_WINDOW_SECONDS", 60, min: 1, max: 86400),
                config.Number("RATE_LIMIT_USER_MAX_REQUESTS", 300, min: 1, max: 10_000_000)),
            ApiKeyLimit = new FixedWindow(
                config.Number("RATE_LIMIT_API_WINDOW_SECONDS", 60, min: 1, max: 86400),
                config.Number("RATE_LIMIT_API_MAX_REQUESTS", 600, min: 1, max: 10_000_000)),
            SignInIpLimit = new FixedWindow(
                config.Number("RATE_LIMIT_AUTH_WINDOW_SECONDS", 60, min: 1, max: 86400),
                config.Number("RATE_LIMIT_AUTH_MAX_REQUESTS", 20, min: 1, max: 10_000_000)),
            RateLimitPrefix = config.Text("RATE_LIMIT_PREFIX", "ratelimit"),
            MaxConcurrentRequests = config.Number("HTTP_MAX_CONCURRENT", 500, min: 1, max: 100_000),
            BackpressureQueue = config.Number("HTTP_BACKPRESSURE_QUEUE", 200, min: 0, max: 100_000),
            RequestTimeout = TimeSpan.FromMilliseconds(config.Number("REQUEST_TIMEOUT_MS", 15000, min: 1, max: 3_600_000)),
            BodyLimit = ParseSize("HTTP_BODY_LIMIT", config.Text("HTTP_BODY_LIMIT")),
        };

        IPNetwork ParseNetwork(string raw)
        {
            if (IPNetwork.TryParse(raw, out var network))
            {
                return network;
            }

            return IPAddress.TryParse(raw, out var address)
                ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
                : throw new InvalidOperationException($"TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR networks; got '{raw}'.");
        }

        static string ParseOrigin(string raw)
        {
            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.PathAndQuery != "/"
                || raw.EndsWith('/'))
            {
                throw new InvalidOperationException($"ALLOWED_ORIGINS must be a comma-separated list of origins such as https://app.example.com (scheme, host and optional port, no path); got '{raw}'.");
            }

            return raw;
        }
    }

    /// <summary>Parses a byte count: plain bytes (<c>1048576</c>) or a number with <c>KB</c>, <c>MB</c> or <c>GB</c> (binary multiples).</summary>
    public static long ParseSize(string key, string? raw)
    {
        if (raw is null)
        {
            return DefaultBodyLimit;
        }

        var text = raw.Trim().ToUpperInvariant();
        var (digits, factor) = text switch
        {
            _ when text.EndsWith("GB", StringComparison.Ordinal) => (text[..^2], 1024L * 1024 * 1024),
            _ when text.EndsWith("MB", StringComparison.Ordinal) => (text[..^2], 1024L * 1024),
            _ when text.EndsWith("KB", StringComparison.Ordinal) => (text[..^2], 1024L),
            _ => (text, 1L),
        };
        if (!long.TryParse(digits.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1 || amount > long.MaxValue / factor / 2)
        {
            throw new InvalidOperationException($"{key} must be a positive size in bytes or with KB, MB or GB (for example 26214400 or 25MB); got '{raw}'.");
        }

        return amount * factor;
    }

    private static List<string> List(string? raw) =>
        raw is null ? [] : raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

/// <summary>A fixed-window budget: at most <see cref="MaxRequests"/> per <see cref="WindowSeconds"/>.</summary>
public sealed record FixedWindow(int WindowSeconds, int MaxRequests);
