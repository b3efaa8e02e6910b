using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Writes audit rows and authentication events. Writes are independent of the command's transaction,
/// so denied, invalid and failed commands leave their row too.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task RecordAuthEventAsync(AuthEventEntry entry, CancellationToken cancellationToken);
}

public sealed record AuditEntry(Actor Actor, string Action, string? TargetType, string? TargetId, AuditOutcome Outcome, string? Reason);

public sealed record AuthEventEntry(AuthEventType Type, Guid? UserId, string? Email, Guid? PerformedBy, string? Reason, string? IpAddress, string? UserAgent);
