using Mediator;
using WhatsSuite.Application.AuditLogs.ExportAuditLogs;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Csv;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.AuthEvents.ExportAuthEvents;

/// <summary>Authentication events as CSV, oldest first, with the filters of the list. Audited like any command.</summary>
[RequireRole(Role.ADMIN)]
public sealed record ExportAuthEventsCommand(Guid? UserId, AuthEventType? Type, DateTimeOffset? From, DateTimeOffset? To)
    : ICommand<Result<CsvFile>>, IAuditTarget
{
    public string AuditTargetType => "AuthEvents";

    public string? AuditTargetId => ExportFilters.Summary(
        ("userId", UserId?.ToString()), ("type", Type?.ToString()), ("from", ExportFilters.Time(From)), ("to", ExportFilters.Time(To)));
}
