using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Csv;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.AuditLogs.ExportAuditLogs;

internal sealed class ExportAuditLogsCommandHandler(IApplicationDbContext db) : ICommandHandler<ExportAuditLogsCommand, Result<CsvFile>>
{
    public async ValueTask<Result<CsvFile>> Handle(ExportAuditLogsCommand command, CancellationToken cancellationToken)
    {
        var logs = AuditLogFilter.Apply(db.AuditLogs.AsNoTracking(), command.ActorId, command.Action, command.Outcome, command.From, command.To);
        var matched = await logs.CountAsync(cancellationToken);
        if (matched > CsvBuilder.MaxRows)
        {
            return CsvErrors.TooManyRows("audit", matched);
        }

        var csv = new CsvBuilder("sequence", "id", "occurredAt", "actorKind", "actorId", "action", "targetType", "targetId", "outcome", "reason", "ipAddress", "userAgent", "requestId", "previousHash", "hash");
        await foreach (var l in logs.OrderBy(l => l.Sequence).Take(CsvBuilder.MaxRows).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.AppendRow(
                l.Sequence.ToString(CultureInfo.InvariantCulture),
                l.Id.ToString(),
                l.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                l.ActorKind.ToString(),
                l.ActorId,
                l.Action,
                l.TargetType,
                l.TargetId,
                l.Outcome.ToString(),
                l.Reason,
                l.IpAddress,
                l.UserAgent,
                l.RequestId,
                l.PreviousHash,
                l.Hash);
        }

        return csv.Build("audit-logs.csv");
    }
}
