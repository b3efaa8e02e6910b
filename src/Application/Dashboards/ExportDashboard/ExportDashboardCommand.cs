using Mediator;
using WhatsSuite.Application.AuditLogs.ExportAuditLogs;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Csv;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Dashboards.ExportDashboard;

/// <summary>
/// One dashboard view (overview, daily, queues, agents, campaigns or a drill-down level) as CSV, with the same figures as the view.
/// A command, so that the export of figures is audited.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ExportDashboardCommand(string? View, string? Level, DateOnly? From, DateOnly? To, string? TimeZone, Guid? QueueId)
    : ICommand<Result<CsvFile>>, IDashboardRequest, IAuditTarget
{
    public static readonly IReadOnlyList<string> Views = ["overview", "daily", "queues", "agents", "campaigns", "drilldown"];

    public string AuditTargetType => DashboardErrors.TargetType;

    public string? AuditTargetId => ExportFilters.Summary(
        ("view", View), ("level", Level), ("from", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ("to", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("tz", TimeZone), ("queueId", QueueId?.ToString()));
}
