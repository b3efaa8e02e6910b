using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// A conversation as lists and actions return it. <see cref="Referral"/> tells how the customer arrived: the
/// click-to-WhatsApp ad or post of their latest message that carried one.
/// </summary>
public sealed record ConversationDto(
    Guid Id,
    ConversationStatus Status,
    ConversationConnectionDto Connection,
    ConversationContactDto Contact,
    ConversationQueueDto? Queue,
    ConversationAssigneeDto? Assignee,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? ClosedAt,
    ConversationCloseReason? ClosedReason,
    DateTimeOffset? InactivityWarnedAt,
    DateTimeOffset? LastMessageAt,
    DateTimeOffset? LastInboundAt,
    string? LastMessagePreview,
    int UnreadCount,
    bool ServiceWindowOpen,
    DateTimeOffset? ServiceWindowExpiresAt,
    ReferralDto? Referral,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ConversationCampaignDto? Campaign = null);

/// <summary>The broadcast campaign the customer answered when the conversation was last opened by a reply to one.</summary>
public sealed record ConversationCampaignDto(Guid Id, string Name);

public sealed record ConversationConnectionDto(Guid Id, string Name, string DisplayNumber);

/// <summary>The customer: phone number (<see cref="WaId"/>) and/or business-scoped user id (<see cref="UserId"/>), and their WhatsApp username.</summary>
public sealed record ConversationContactDto(Guid Id, string? WaId, string? UserId, string? Username, string Name, bool OptedOut, bool MarketingOptedOut, IReadOnlyList<string> Tags);

/// <summary>
/// A click-to-WhatsApp ad or post: <see cref="SourceType"/> <c>ad</c> or <c>post</c>, its id and URL, the headline
/// and body the customer saw, its image or video, and the click id (<see cref="CtwaClid"/>) for conversion reports.
/// </summary>
public sealed record ReferralDto(
    string SourceType,
    string? SourceId,
    string? SourceUrl,
    string? Headline,
    string? Body,
    string? MediaType,
    string? MediaUrl,
    string? ThumbnailUrl,
    string? CtwaClid,
    DateTimeOffset? ReferredAt)
{
    internal static ReferralDto? From(Domain.Messages.Referral? r, DateTimeOffset? at) =>
        r is null ? null : new ReferralDto(r.SourceType, r.SourceId, r.SourceUrl, r.Headline, r.Body, r.MediaType, r.MediaUrl, r.ThumbnailUrl, r.CtwaClid, at);
}

public sealed record ConversationQueueDto(Guid Id, string Name);

public sealed record ConversationAssigneeDto(Guid Id, string FullName);

/// <summary>
/// Reads conversations as DTOs in one query: the conversation joined with its connection, contact, queue
/// and assignee, projected to the columns the DTO needs.
/// </summary>
internal static class ConversationReader
{
    public static async Task<ConversationDto?> ReadAsync(IApplicationDbContext db, Guid id, DateTimeOffset now, TimeSpan serviceWindow, CancellationToken cancellationToken) =>
        (await ReadManyAsync(db, db.Conversations.Where(c => c.Id == id), 1, now, serviceWindow, "conversations.get", cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Reads at most <paramref name="take"/> of <paramref name="conversations"/>, newest first (<c>UpdatedAt</c>, then
    /// <c>Id</c>, descending). The SQL carries <paramref name="tag"/> as a comment, so that it can be told apart in
    /// database statistics and plan checks.
    /// </summary>
    public static async Task<List<ConversationDto>> ReadManyAsync(
        IApplicationDbContext db, IQueryable<Conversation> conversations, int take, DateTimeOffset now, TimeSpan serviceWindow, string tag, CancellationToken cancellationToken)
    {
        var rows = await (
            from c in conversations.AsNoTracking().TagWith(tag)
            join connection in db.Connections on c.ConnectionId equals connection.Id
            join contact in db.Contacts on c.ContactId equals contact.Id
            join q in db.Queues on c.QueueId equals (Guid?)q.Id into queues
            from queue in queues.DefaultIfEmpty()
            join u in db.Users on c.AssigneeId equals (Guid?)u.Id into users
            from assignee in users.DefaultIfEmpty()
            orderby c.UpdatedAt descending, c.Id descending
            select new Row(
                c.Id,
                c.Status,
                connection.Id,
                connection.Name,
                connection.DisplayNumber,
                contact.Id,
                contact.WaId,
                contact.UserId,
                contact.Username,
                contact.DisplayName,
                contact.ProfileName,
                contact.OptedOut,
                contact.MarketingOptedOut,
                contact.Tags,
                queue == null ? null : (Guid?)queue.Id,
                queue == null ? null : queue.Name,
                assignee == null ? null : (Guid?)assignee.Id,
                assignee == null ? null : assignee.FullName,
                c.AssignedAt,
                c.ClosedAt,
                c.ClosedReason,
                c.InactivityWarnedAt,
                c.LastMessageAt,
                c.LastInboundAt,
                c.LastMessagePreview,
                c.UnreadCount,
                c.Referral,
                c.ReferredAt,
                c.CreatedAt,
                c.UpdatedAt,
                c.CampaignId,
                c.CampaignName)).TakeLiteral(take).ToListAsync(cancellationToken);
        return rows.Select(r => ToDto(r, now, serviceWindow)).ToList();
    }

    private static ConversationDto ToDto(Row r, DateTimeOffset now, TimeSpan serviceWindow)
    {
        var expiresAt = r.LastInboundAt + serviceWindow;
        return new ConversationDto(
            r.Id,
            r.Status,
            new ConversationConnectionDto(r.ConnectionId, r.ConnectionName, r.DisplayNumber),
            new ConversationContactDto(
                r.ContactId, r.WaId, r.UserId, r.Username, r.DisplayName ?? r.ProfileName ?? r.Username ?? r.WaId ?? r.UserId ?? string.Empty, r.OptedOut, r.MarketingOptedOut, r.Tags),
            r.QueueId is { } queueId ? new ConversationQueueDto(queueId, r.QueueName!) : null,
            r.AssigneeId is { } assigneeId ? new ConversationAssigneeDto(assigneeId, r.AssigneeName!) : null,
            r.AssignedAt,
            r.ClosedAt,
            r.ClosedReason,
            r.InactivityWarnedAt,
            r.LastMessageAt,
            r.LastInboundAt,
            r.LastMessagePreview,
            r.UnreadCount,
            expiresAt is { } expires && now < expires,
            expiresAt,
            ReferralDto.From(r.Referral, r.ReferredAt),
            r.CreatedAt,
            r.UpdatedAt,
            r.CampaignId is { } campaignId ? new ConversationCampaignDto(campaignId, r.CampaignName!) : null);
    }

    private sealed record Row(
        Guid Id,
        ConversationStatus Status,
        Guid ConnectionId,
        string ConnectionName,
        string DisplayNumber,
        Guid ContactId,
        string? WaId,
        string? UserId,
        string? Username,
        string? DisplayName,
        string? ProfileName,
        bool OptedOut,
        bool MarketingOptedOut,
        List<string> Tags,
        Guid? QueueId,
        string? QueueName,
        Guid? AssigneeId,
        string? AssigneeName,
        DateTimeOffset? AssignedAt,
        DateTimeOffset? ClosedAt,
        ConversationCloseReason? ClosedReason,
        DateTimeOffset? InactivityWarnedAt,
        DateTimeOffset? LastMessageAt,
        DateTimeOffset? LastInboundAt,
        string? LastMessagePreview,
        int UnreadCount,
        Domain.Messages.Referral? Referral,
        DateTimeOffset? ReferredAt,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        Guid? CampaignId,
        string? CampaignName);
}
