using System.Globalization;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Csv;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.AuditLogs.ExportAuditLogs;

/// <summary>
/// The audit trail as CSV, in chain order, with the filters of the list. A command, not a query, so that the
/// pipeline writes its audit row (target <c>AuditLogs</c>, the filters as target id).
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record ExportAuditLogsCommand(string? ActorId, string? Action, AuditOutcome? Outcome, DateTimeOffset? From, DateTimeOffset? To)
    : ICommand<Result<CsvFile>>, IAuditTarget
{
    public string AuditTargetType => "AuditLogs";

    public string? AuditTargetId => ExportFilters.Summary(
        ("actorId", ActorId), ("action", Action), ("outcome", Outcome?.ToString()), ("from", ExportFilters.Time(From)), ("to", ExportFilters.Time(To)));
}

/// <summary>The filters of an export, summarized for its audit row (at most 128 characters).</summary>
public static class ExportFilters
{
    public static string? Time(DateTimeOffset? value) => value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Summary(params (string Name, string? Value)[] filters)
    {
        var text = string.Join(';', filters.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => $"{f.Name}={f.Value!.Trim()}"));
        text = text.Length == 0 ? "all" : text;
        return TextLimit.Cut(text, 128);
    }
}
