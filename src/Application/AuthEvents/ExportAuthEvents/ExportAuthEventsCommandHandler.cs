using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Csv;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.AuthEvents.ExportAuthEvents;

internal sealed class ExportAuthEventsCommandHandler(IApplicationDbContext db) : ICommandHandler<ExportAuthEventsCommand, Result<CsvFile>>
{
    public async ValueTask<Result<CsvFile>> Handle(ExportAuthEventsCommand command, CancellationToken cancellationToken)
    {
        var events = AuthEventFilter.Apply(db.AuthEvents.AsNoTracking(), command.UserId, command.Type, command.From, command.To);
        var matched = await events.CountAsync(cancellationToken);
        if (matched > CsvBuilder.MaxRows)
        {
            return CsvErrors.TooManyRows("auth_events", matched);
        }

        var csv = new CsvBuilder("id", "occurredAt", "type", "userId", "email", "performedBy", "reason", "ipAddress", "userAgent");
        await foreach (var e in events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Take(CsvBuilder.MaxRows).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.AppendRow(
                e.Id.ToString(),
                e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                e.Type.ToString(),
                e.UserId?.ToString(),
                e.Email,
                e.PerformedBy?.ToString(),
                e.Reason,
                e.IpAddress,
                e.UserAgent);
        }

        return csv.Build("auth-events.csv");
    }
}
