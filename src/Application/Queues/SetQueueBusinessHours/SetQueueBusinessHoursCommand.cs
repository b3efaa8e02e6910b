using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Queues.SetQueueBusinessHours;

/// <summary>
/// Replaces a queue's business hours: weekly ranges in an IANA time zone, holidays and the optional out-of-hours reply,
/// a text or an approved template (checked on every connection of the queue with the same check as any template send).
/// The audit row names the kept change (<c>QueueBusinessHoursChange</c>), which holds the hours before and after it.
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record SetQueueBusinessHoursCommand(
    Guid Id,
    string? TimeZone,
    IReadOnlyList<WeeklyRangeInput>? Weekly,
    IReadOnlyList<HolidayInput>? Holidays,
    string? OutOfHoursReply = null,
    OutOfHoursTemplateInput? OutOfHoursTemplate = null) : ICommand<Result<QueueBusinessHoursDto>>, IAuditTarget
{
    public string AuditTargetType => QueueErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}

/// <summary>An opening range of a day of the week: <c>HH:mm</c> to <c>HH:mm</c>, the end up to <c>24:00</c>.</summary>
public sealed record WeeklyRangeInput(Weekday? Day, string? Start, string? End);

/// <summary>A holiday: a local date, an optional name, and its own ranges (none: closed all day).</summary>
public sealed record HolidayInput(DateOnly? Date, string? Name, IReadOnlyList<TimeRangeInput>? Hours);

/// <summary>A range of local time: <c>HH:mm</c> to <c>HH:mm</c>, the end up to <c>24:00</c>.</summary>
public sealed record TimeRangeInput(string? Start, string? End);

/// <summary>An approved template sent as the out-of-hours reply: name and language as WhatsApp names them, each variable mapped to <c>contact.name</c> or <c>text:&lt;value&gt;</c>.</summary>
public sealed record OutOfHoursTemplateInput(string? Name, string? Language, IReadOnlyDictionary<string, string>? Variables);
