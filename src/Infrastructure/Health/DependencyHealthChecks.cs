using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Resilience;

namespace WhatsSuite.Infrastructure.Health;

/// <summary>The database answers a connection attempt.</summary>
internal sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{db.Database.ProviderName} reachable")
            : HealthCheckResult.Unhealthy($"{db.Database.ProviderName} unreachable");
}

/// <summary>Redis answers PING, through the instance's <see cref="RedisGuard"/>: an open circuit answers "unhealthy" at once.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, RedisGuard guard) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await guard.RunAsync(_ => redis.GetDatabase().PingAsync(), cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (DependencyUnavailableException exception)
        {
            return HealthCheckResult.Unhealthy("Redis unreachable", exception);
        }
    }
}

/// <summary>Hangfire's storage answers a read.</summary>
internal sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            var servers = storage.GetMonitoringApi().Servers().Count;
            return Task.FromResult(HealthCheckResult.Healthy($"{storage.GetType().Name}, {servers} server(s)"));
        }
        // A storage failure of any kind means "not ready"; the exception is reported in the check.
        catch (Exception exception)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage unreachable", exception));
        }
    }
}
