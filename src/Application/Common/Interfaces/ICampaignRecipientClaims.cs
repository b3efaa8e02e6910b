namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Claims a running campaign's due pending recipients (its ledger rows) inside the command's open transaction, with the
/// one lease mechanism of queue tables (ADR 0022): on PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, so two dispatchers never
/// take the same row and never wait for each other, and the claim commits or rolls back with the rows' move to sending
/// and their outbox messages.
/// </summary>
public interface ICampaignRecipientClaims
{
    /// <summary>Up to <paramref name="limit"/> due pending recipients of <paramref name="campaignId"/>, oldest first; their ids.</summary>
    Task<IReadOnlyList<Guid>> ClaimAsync(Guid campaignId, DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
