namespace WhatsSuite.Domain.Audit;

/// <summary>One row of the audit trail: who did what to which target, and how it ended. Never updated.</summary>
public sealed class AuditLog
{
    private AuditLog()
    {
        ActorId = string.Empty;
        Action = string.Empty;
    }

    public Guid Id { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public ActorKind ActorKind { get; private set; }

    /// <summary>User id, <c>job:&lt;name&gt;</c> for the system, or <c>anonymous</c>.</summary>
    public string ActorId { get; private set; }

    public string Action { get; private set; }

    public string? TargetType { get; private set; }

    public string? TargetId { get; private set; }

    public AuditOutcome Outcome { get; private set; }

    /// <summary>Stable error code for non-successful outcomes (for example <c>forbidden</c>, <c>users.email_taken</c>).</summary>
    public string? Reason { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    public string? RequestId { get; private set; }

    public static AuditLog Record(
        DateTimeOffset occurredAt,
        ActorKind actorKind,
        string actorId,
        string action,
        string? targetType,
        string? targetId,
        AuditOutcome outcome,
        string? reason,
        string? ipAddress,
        string? userAgent,
        string? requestId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        return new AuditLog
        {
            Id = Guid.CreateVersion7(occurredAt),
            OccurredAt = occurredAt,
            ActorKind = actorKind,
            ActorId = actorId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Outcome = outcome,
            Reason = reason,
            IpAddress = ipAddress,
            UserAgent = userAgent,
            RequestId = requestId,
        };
    }
}
