using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// The audit trail and the authentication events. Handlers add auth events; the audit behavior writes them
/// with the command's audit row once the command's transaction has ended, so that a rolled-back command
/// (a failed login) still leaves its audit row and its auth event.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Queues an authentication event of the current command.</summary>
    void AddAuthEvent(AuthEventEntry entry);

    /// <summary>Writes one audit row and every queued authentication event.</summary>
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the rows of one command (its own, then one per further target it acted on) in that order, in one append to
    /// the chain, with every queued authentication event.
    /// </summary>
    Task WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);
}

public sealed record AuditEntry(Actor Actor, string Action, string? TargetType, string? TargetId, AuditOutcome Outcome, string? Reason);

public sealed record AuthEventEntry(AuthEventType Type, Guid? UserId, string? Email, Guid? PerformedBy, string? Reason, string? IpAddress, string? UserAgent);
