namespace WhatsSuite.Domain.Audit;

/// <summary>A sign-in related event: logins (with the failure reason), logouts, forced logouts, password changes.</summary>
public sealed class AuthEvent
{
    private AuthEvent()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public AuthEventType Type { get; private set; }

    /// <summary>The user concerned, when known (an unknown e-mail has none).</summary>
    public Guid? UserId { get; private set; }

    /// <summary>The e-mail given at login, normalized; kept for failed logins of unknown accounts.</summary>
    public string? Email { get; private set; }

    /// <summary>Who caused the event when it is not the user (an admin forcing a logout).</summary>
    public Guid? PerformedBy { get; private set; }

    public string? Reason { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    public static AuthEvent Record(
        DateTimeOffset occurredAt,
        AuthEventType type,
        Guid? userId,
        string? email,
        Guid? performedBy,
        string? reason,
        string? ipAddress,
        string? userAgent) => new()
        {
            Id = Guid.CreateVersion7(occurredAt),
            OccurredAt = occurredAt,
            Type = type,
            UserId = userId,
            Email = email,
            PerformedBy = performedBy,
            Reason = reason,
            IpAddress = ipAddress,
            UserAgent = userAgent,
        };
}
