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
    private readonly List<(string TargetType, string TargetId, string? Reason)> _additionalTargets = [];

    public string? TargetType { get; private set; }

    public string? TargetId { get; private set; }

    /// <summary>
    /// Set when the handler refused the caller for a reason it found itself (a conversation outside their
    /// visibility): the audit row is written as <c>denied</c> with this reason instead of <c>failed</c>.
    /// </summary>
    public string? DenialReason { get; private set; }

    /// <summary>A note for the audit row of a successful command (the reason of a transfer, for example).</summary>
    public string? Note { get; private set; }

    /// <summary>Further targets a successful command acted on, each written as a row of its own after the command's row.</summary>
    public IReadOnlyList<(string TargetType, string TargetId, string? Reason)> AdditionalTargets => _additionalTargets;

    public void SetTarget(string targetType, string targetId)
    {
        TargetType = targetType;
        TargetId = targetId;
    }

    public void Deny(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        DenialReason = reason;
    }

    /// <summary>Adds a target of a command that acts on many (auto-assignment): one more audit row, on success.</summary>
    public void AddTarget(string targetType, string targetId, string? reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetType);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetId);
        _additionalTargets.Add((targetType, targetId, reason));
    }

    public void SetNote(string? note) => Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
}
