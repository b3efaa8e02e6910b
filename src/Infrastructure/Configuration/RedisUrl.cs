using System.Globalization;
using StackExchange.Redis;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>Turns <c>REDIS_URL</c> (<c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS) into client options.</summary>
public static class RedisUrl
{
    public static ConfigurationOptions Parse(string redisUrl)
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

        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        options.SyncTimeout = 5000;
        options.AsyncTimeout = 5000;
        return options;
    }
}
