namespace WhatsSuite.Application.Common.Messaging;

/// <summary>Conversation and message settings the use cases need (read from the environment at start-up).</summary>
public sealed record MessagingOptions
{
    /// <summary>The customer-service window: free-form messages only within it of the contact's last inbound message.</summary>
    public TimeSpan ServiceWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Inbound texts that opt the contact out (<c>OPT_OUT_KEYWORDS</c>), compared trimmed and case-insensitively.</summary>
    public IReadOnlySet<string> OptOutKeywords { get; init; } = new HashSet<string>(["STOP", "BAJA", "CANCELAR"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Processing attempts of a webhook delivery before it waits in the failed inbox (<c>WEBHOOK_MAX_ATTEMPTS</c>).</summary>
    public int WebhookMaxAttempts { get; init; } = 8;

    /// <summary>
    /// Items (messages, statuses, notifications) processed in one transaction at most (<c>WEBHOOK_MAX_ITEMS_PER_TRANSACTION</c>):
    /// a larger delivery is processed in chunks of this size, each after the deliveries waiting behind it.
    /// </summary>
    public int WebhookMaxItemsPerTransaction { get; init; } = 500;

    /// <summary>
    /// Loops of an instance's inbox processor that claim and process batches side by side (<c>WEBHOOK_PROCESSING_LOOPS</c>,
    /// default two in server mode, always one on SQLite): while one batch waits for the database or for its number's lock
    /// (ADR 0069), the next is claimed, read and built. Batches of one number apply one at a time, in the order this
    /// instance claimed them.
    /// </summary>
    public int WebhookProcessingLoops { get; init; } = 2;

    /// <summary>Send attempts of an outbound message before it is marked failed (<c>OUTBOX_MAX_ATTEMPTS</c>).</summary>
    public int OutboxMaxAttempts { get; init; } = 8;

    /// <summary>
    /// How long an outbox claim lasts without a heartbeat (<c>OUTBOX_LEASE_SECONDS</c>, default 15 s). A live
    /// dispatcher renews its claims every third of it, so only a dead instance's claims run out, within this time.
    /// </summary>
    public TimeSpan OutboxLease { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether conversations are distributed automatically (<c>AUTO_ASSIGN_ENABLED</c>).</summary>
    public bool AutoAssignEnabled { get; init; } = true;

    /// <summary>
    /// Whether auto-assignment hands conversations only to agents who are online on the desk
    /// (<c>AUTO_ASSIGN_REQUIRE_PRESENCE</c>). Agents who set themselves away are skipped either way.
    /// </summary>
    public bool AutoAssignRequirePresence { get; init; } = true;

    /// <summary>The sandbox inbound endpoint and simulated WhatsApp (<c>SANDBOX_ENABLED</c>).</summary>
    public bool SandboxEnabled { get; init; }
}
