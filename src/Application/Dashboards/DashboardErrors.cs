using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Dashboards;

/// <summary>The errors of the dashboard use cases, with stable codes.</summary>
public static class DashboardErrors
{
    public const string TargetType = "dashboard";

    public static readonly Error RollupBusy =
        Error.Conflict("dashboards.rollup_busy", "Another rollup run changed the dashboard figures at the same time; the next run continues.");

    public static Error QueueNotFound(Guid id) =>
        Error.NotFound("dashboards.queue_not_found", $"Queue '{id}' does not exist or is not one of yours.");
}
