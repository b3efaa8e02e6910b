using System.Globalization;
using StackExchange.Redis;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>Turns <c>REDIS_URL</c> (<c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS) into client options.</summary>
public static class RedisUrl
{
    /// <summary>The default of <c>REDIS_TIMEOUT_MS</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(1000);

    /// <summary>
    /// Client options with short timeouts: each command may take <paramref name="timeout"/> (<c>REDIS_TIMEOUT_MS</c>),
    /// a connection attempt four times that (at least one second), and commands issued while no connection is
    /// available fail at once instead of waiting in a backlog. Connecting tries once and never fails: when Redis is not
    /// there, the client comes back disconnected and reconnects in the background. The client notices a refused
    /// connection only at the connect timeout when the refusal comes before it starts waiting (a race in
    /// StackExchange.Redis 3.4); its own retries while connecting (three by default) met that race almost every time,
    /// and held a start with Redis down for 4 to 40 s. With one attempt it is rare, and costs one timeout.
    /// </summary>
    public static ConfigurationOptions Parse(string redisUrl, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redisUrl);
        ConfigurationOptions options;
        if (redisUrl.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || redisUrl.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(redisUrl);
            options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
            options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                var parts = uri.UserInfo.Split(':', 2);
                if (parts.Length == 2)
                {
                    options.User = string.IsNullOrEmpty(parts[0]) ? null : Uri.UnescapeDataString(parts[0]);
                    options.Password = Uri.UnescapeDataString(parts[1]);
                }
                else
                {
                    options.Password = Uri.UnescapeDataString(parts[0]);
                }
            }

            var path = uri.AbsolutePath.Trim('/');
            if (path.Length > 0)
            {
                options.DefaultDatabase = int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database)
                    ? database
                    : throw new InvalidOperationException("REDIS_URL database must be a number, as in redis://host:6379/0.");
            }
        }
        else
        {
            options = ConfigurationOptions.Parse(redisUrl);
        }

        var commandTimeout = (int)Math.Ceiling((timeout ?? DefaultTimeout).TotalMilliseconds);
        options.AbortOnConnectFail = false;
        options.ConnectRetry = 1;
        options.ConnectTimeout = Math.Max(1000, 4 * commandTimeout);
        options.SyncTimeout = commandTimeout;
        options.AsyncTimeout = commandTimeout;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }
}
