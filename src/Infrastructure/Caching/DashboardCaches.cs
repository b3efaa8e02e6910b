using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Resilience;

namespace WhatsSuite.Infrastructure.Caching;

/// <summary>
/// Server mode: views in Redis for <c>DASHBOARD_CACHE_SECONDS</c>, keyed by the rollups' version (read from its one
/// row by key). A view missing from Redis is computed once per instance however many callers ask for it meanwhile
/// (<see cref="SingleFlight"/>): the others wait for that computation. Redis being unavailable never fails a
/// dashboard: the view is computed instead.
/// </summary>
public sealed partial class RedisDashboardCache(
    IConnectionMultiplexer redis,
    RedisGuard guard,
    SingleFlight computations,
    IApplicationDbContext db,
    WhatsSuiteSettings settings,
    ILogger<RedisDashboardCache> logger) : IDashboardCache
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetOrAddAsync<T>(string view, DashboardScope scope, DashboardPeriod period, string? variant, Func<Task<T>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (settings.DashboardCacheDuration <= TimeSpan.Zero)
        {
            return await compute();
        }

        var version = await db.DashboardRollupStates.AsNoTracking().TagWith(DashboardReader.Tag)
            .Where(s => s.Id == DashboardRollupState.SingletonId).Select(s => s.Version).SingleAsync(cancellationToken);
        var key = Key(view, scope, period, variant, version);
        var cached = await ReadAsync<T>(key, cancellationToken);
        if (cached.Found)
        {
            return cached.Value!;
        }

        if (!cached.Available)
        {
            return await compute();
        }

        return await computations.RunAsync(key, async () =>
        {
            // Another caller may have stored it between the read above and this computation's start.
            var stored = await ReadAsync<T>(key, cancellationToken);
            if (stored.Found)
            {
                return stored.Value!;
            }

            var value = await compute();
            try
            {
                var text = JsonSerializer.Serialize(value, Json);
                await guard.RunAsync(async _ => await redis.GetDatabase().StringSetAsync(key, text, settings.DashboardCacheDuration), cancellationToken);
            }
            catch (DependencyUnavailableException exception)
            {
                LogUnavailable(logger, exception);
            }

            return value;
        }, cancellationToken);
    }

    private async Task<(bool Found, bool Available, T? Value)> ReadAsync<T>(string key, CancellationToken cancellationToken)
    {
        try
        {
            var cached = await guard.RunAsync(async _ => await redis.GetDatabase().StringGetAsync(key), cancellationToken);
            return cached.HasValue ? (true, true, JsonSerializer.Deserialize<T>((string)cached!, Json)) : (false, true, default);
        }
        catch (DependencyUnavailableException exception)
        {
            LogUnavailable(logger, exception);
            return (false, false, default);
        }
    }

    private string Key(string view, DashboardScope scope, DashboardPeriod period, string? variant, long version)
    {
        var queues = scope.QueueKeys is null ? "all" : string.Join(',', scope.QueueKeys.Order());
        var text = string.Create(CultureInfo.InvariantCulture, $"{view}|{queues}|{period.From:yyyy-MM-dd}|{period.To:yyyy-MM-dd}|{period.TimeZoneId}|{variant}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return string.Create(CultureInfo.InvariantCulture, $"{settings.RedisSessionPrefix}:dashboard:v{version}:{view}:{hash}");
    }

    [LoggerMessage(EventId = LogEvents.DashboardCacheUnavailable, Level = LogLevel.Warning, Message = "Dashboard cache unavailable; the view was computed without it")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}

/// <summary>Embedded mode (one process, SQLite, no Redis): every view is computed from the rollups.</summary>
public sealed class UncachedDashboards : IDashboardCache
{
    public Task<T> GetOrAddAsync<T>(string view, DashboardScope scope, DashboardPeriod period, string? variant, Func<Task<T>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        return compute();
    }
}
