using System.Text.Json;
using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.ListConnectionEvents;

/// <summary>
/// The notifications WhatsApp sent about a connection's number and account, newest first: other webhook fields
/// (<c>account_update</c>, <c>message_template_status_update</c>, <c>phone_number_quality_update</c>,
/// <c>user_preferences</c>, ...), errors and untracked statuses, each with what WhatsSuite did with it.
/// <see cref="Field"/> filters on the field.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ListConnectionEventsQuery(Guid ConnectionId, string? Field, int Page = 1, int PageSize = PageDefaults.PageSize) : IQuery<Result<PagedList<ConnectionEventDto>>>;

/// <summary>A stored notification: its field and event, the payload as WhatsApp sent it, and the outcome (<c>applied</c>, <c>stored</c>, <c>deferred</c>).</summary>
public sealed record ConnectionEventDto(
    Guid Id,
    string Field,
    string? Event,
    ConnectionEventOutcome Outcome,
    string? Note,
    JsonElement Payload,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt);
