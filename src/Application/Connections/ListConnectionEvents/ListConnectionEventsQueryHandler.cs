using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Connections.ListConnectionEvents;

internal sealed class ListConnectionEventsQueryHandler(IApplicationDbContext db) : IQueryHandler<ListConnectionEventsQuery, Result<PagedList<ConnectionEventDto>>>
{
    public async ValueTask<Result<PagedList<ConnectionEventDto>>> Handle(ListConnectionEventsQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Connections.AnyAsync(c => c.Id == query.ConnectionId && c.DeletedAt == null, cancellationToken))
        {
            return ConnectionErrors.NotFound(query.ConnectionId);
        }

        var events = db.ConnectionEvents.AsNoTracking().Where(e => e.ConnectionId == query.ConnectionId);
        if (query.Field is { } field)
        {
            events = events.Where(e => e.Field == field);
        }

        var total = await events.CountAsync(cancellationToken);
        var rows = await events
            .OrderByDescending(e => e.ReceivedAt).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        var items = rows.Select(e => new ConnectionEventDto(e.Id, e.Field, e.Event, e.Outcome, e.Note, Parse(e.Payload), e.OccurredAt, e.ReceivedAt)).ToList();
        return new PagedList<ConnectionEventDto>(items, query.Page, query.PageSize, total);
    }

    /// <summary>The payload is JSON WhatsApp sent (it was parsed when stored); anything else is shown as a JSON string.</summary>
    private static JsonElement Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(payload);
        }
    }
}
