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
        var logs = db.AuditLogs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(command.ActorId))
        {
            var actorId = command.ActorId.Trim();
            logs = logs.Where(l => l.ActorId == actorId);
        }

        if (!string.IsNullOrWhiteSpace(command.Action))
        {
            var action = command.Action.Trim();
            logs = logs.Where(l => l.Action == action);
        }

        if (command.Outcome is { } outcome)
        {
            logs = logs.Where(l => l.Outcome == outcome);
        }

        if (command.From?.ToUniversalTime() is { } from)
        {
            logs = logs.Where(l => l.OccurredAt >= from);
        }

        if (command.To?.ToUniversalTime() is { } to)
        {
            logs = logs.Where(l => l.OccurredAt <= to);
        }

        var matched = await logs.CountAsync(cancellationToken);
        if (matched > CsvBuilder.MaxRows)
        {
            return CsvBuilder.TooManyRows("audit", matched);
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
