namespace WhatsSuite.Application.Dashboards;

/// <summary>
/// Keeps computed dashboard views for a short time (server mode: Redis, shared by the instances). An entry is keyed by
/// the view, the caller's scope, the period and the rollups' version, so new data (a rollup run that changed a figure)
/// makes every older entry unreachable at once; the live figures it holds (waiting now) are at most
/// <c>DASHBOARD_CACHE_SECONDS</c> old.
/// </summary>
public interface IDashboardCache
{
    Task<T> GetOrAddAsync<T>(string view, DashboardScope scope, DashboardPeriod period, string? variant, Func<Task<T>> compute, CancellationToken cancellationToken);
}
