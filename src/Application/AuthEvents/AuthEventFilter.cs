using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.AuthEvents;

/// <summary>The auth-event filters, shared by the list and the CSV export so both always select the same rows.</summary>
internal static class AuthEventFilter
{
    public static IQueryable<AuthEvent> Apply(IQueryable<AuthEvent> events, Guid? userId, AuthEventType? type, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (userId is { } user)
        {
            events = events.Where(e => e.UserId == user);
        }

        if (type is { } wanted)
        {
            events = events.Where(e => e.Type == wanted);
        }

        if (from?.ToUniversalTime() is { } start)
        {
            events = events.Where(e => e.OccurredAt >= start);
        }

        if (to?.ToUniversalTime() is { } end)
        {
            events = events.Where(e => e.OccurredAt <= end);
        }

        return events;
    }
}
