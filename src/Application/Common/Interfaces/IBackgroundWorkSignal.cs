namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>The background workers of this process, each woken when new work arrives.</summary>
public enum BackgroundWork
{
    /// <summary>A webhook delivery was stored in the inbox.</summary>
    WebhookInbox = 1,

    /// <summary>An outbound message was queued.</summary>
    Outbox = 2,

    /// <summary>A conversation became UNASSIGNED, or an agent's load changed.</summary>
    AutoAssignment = 3,
}

/// <summary>
/// Wakes a background worker of this process at once instead of at its next poll. Workers also poll, so
/// work stored by another instance (or before a restart) is never left behind.
/// </summary>
public interface IBackgroundWorkSignal
{
    void Notify(BackgroundWork work);
}
