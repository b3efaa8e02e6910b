namespace WhatsSuite.Application.Common.Auditing;

/// <summary>A command that acts on a known target names it for the audit trail.</summary>
public interface IAuditTarget
{
    string AuditTargetType { get; }

    string? AuditTargetId { get; }
}

/// <summary>
/// Per-command audit facts that are known only while the handler runs (the id of a created user,
/// the user a login was for). The audit behavior reads it after the handler.
/// </summary>
public sealed class AuditScope
{
    public string? TargetType { get; private set; }

    public string? TargetId { get; private set; }

    /// <summary>
    /// The handler refused the actor for a reason found only while it ran (a conversation they may not
    /// see): the command's failure is recorded as <c>denied</c> instead of <c>failed</c>.
    /// </summary>
    public bool Denied { get; private set; }

    public void MarkDenied() => Denied = true;

    public void SetTarget(string targetType, string targetId)
    {
        TargetType = targetType;
        TargetId = targetId;
    }
}
