using Microsoft.Extensions.Diagnostics.HealthChecks;
using WhatsSuite.Infrastructure;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.Endpoints;

/// <summary>Liveness (the process answers) and readiness (its dependencies answer), for orchestrators.</summary>
internal sealed class HealthEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/health").WithTags("Health").AllowAnonymous();

        group.MapGet("/live", Live)
            .WithSummary("Liveness: the process is up")
            .Produces<LiveResponse>();

        group.MapGet("/ready", Ready)
            .WithSummary("Readiness: database, Redis (when configured) and Hangfire storage")
            .WithDescription("200 when every dependency answers, 503 otherwise; each check reports its own status.")
            .Produces<ReadyResponse>()
            .Produces<ReadyResponse>(StatusCodes.Status503ServiceUnavailable);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<LiveResponse> Live(WhatsSuiteSettings settings, TimeProvider clock) =>
        TypedResults.Ok(new LiveResponse(settings.ServiceName, settings.InstanceId, true, clock.GetUtcNow()));

    private static async Task<IResult> Ready(HealthCheckService health, WhatsSuiteSettings settings, TimeProvider clock, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(HealthTags.Ready), timeout.Token);
        var healthy = report.Status == HealthStatus.Healthy;
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new CheckResult(e.Value.Status.ToString(), e.Value.Description, Math.Round(e.Value.Duration.TotalMilliseconds, 1)),
            StringComparer.Ordinal);
        var body = new ReadyResponse(settings.ServiceName, settings.InstanceId, healthy, settings.Mode.ToString(), clock.GetUtcNow(), checks);
        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

internal sealed record LiveResponse(string Service, string Instance, bool Healthy, DateTimeOffset Timestamp);

internal sealed record ReadyResponse(string Service, string Instance, bool Healthy, string Mode, DateTimeOffset Timestamp, IReadOnlyDictionary<string, CheckResult> Checks);

internal sealed record CheckResult(string Status, string? Description, double DurationMs);
