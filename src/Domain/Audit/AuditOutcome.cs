namespace WhatsSuite.Domain.Audit;

/// <summary>How a command ended, as recorded in the audit trail.</summary>
public enum AuditOutcome
{
    Success = 1,

    /// <summary>Refused by authorization before the handler ran.</summary>
    Denied = 2,

    /// <summary>Refused by validation before the handler ran.</summary>
    Invalid = 3,

    /// <summary>The handler ran and reported a failure (not found, conflict, ...) or threw.</summary>
    Failed = 4,
}
