namespace WhatsSuite.Domain.Audit;

/// <summary>
/// One row of the audit trail: who did what to which target, and how it ended. Never updated. Each row is a
/// link of a hash chain (<see cref="AuditChain"/>): it carries its position (<see cref="Sequence"/>), the hash
/// of the row before it and its own hash, so that a changed, removed or reordered row is detected.
/// </summary>
public sealed class AuditLog
{
    private AuditLog()
    {
        ActorId = string.Empty;
        Action = string.Empty;
        PreviousHash = string.Empty;
        Hash = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Position in the chain: 1 for the first row, then gap-free in insertion order.</summary>
    public long Sequence { get; private set; }

    /// <summary>Hash of the row at <c>Sequence - 1</c> (<see cref="AuditChain.GenesisHash"/> for the first row).</summary>
    public string PreviousHash { get; private set; }

    /// <summary>SHA-256 (lower-case hex) over this row's content and <see cref="PreviousHash"/>.</summary>
    public string Hash { get; private set; }

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
        // Both databases keep at least millisecond precision; the hash is computed over the stored value.
        occurredAt = AuditChain.Normalize(occurredAt);
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

    /// <summary>Links the row to the end of the chain: it becomes row <paramref name="sequence"/> after the row hashed <paramref name="previousHash"/>.</summary>
    public void LinkAfter(long sequence, string previousHash)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(previousHash);
        if (Sequence != 0)
        {
            throw new InvalidOperationException("The audit row is already linked.");
        }

        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = AuditChain.ComputeHash(this);
    }
}
