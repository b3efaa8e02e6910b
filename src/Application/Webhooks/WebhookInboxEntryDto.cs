using System.Linq.Expressions;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Application.Webhooks;

/// <summary>
/// A stored webhook delivery, without its body (<see cref="BodyBytes"/> is the stored body's length).
/// <see cref="ConnectionId"/> is null for an app-level delivery (<see cref="AppId"/>) not routed to a number yet.
/// <see cref="ItemCount"/> and <see cref="Progress"/> tell how far a large delivery got; <see cref="SplitItems"/>
/// how many of its items were split off into entries of their own (<see cref="ParentId"/> names the delivery an
/// entry was split off from): they are listed with <c>parentId</c>, each with its own status and error.
/// </summary>
public sealed record WebhookInboxEntryDto(
    Guid Id,
    Guid? ConnectionId,
    string? AppId,
    Guid? ParentId,
    InboxStatus Status,
    int Attempts,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? ProcessedAt,
    string? LastError,
    int? ItemCount,
    int Progress,
    int SplitItems,
    int BodyBytes)
{
    internal static readonly Expression<Func<WebhookInboxEntry, WebhookInboxEntryDto>> Projection = e => new WebhookInboxEntryDto(
        e.Id,
        e.ConnectionId,
        e.AppId,
        e.ParentId,
        e.Status,
        e.Attempts,
        e.ReceivedAt,
        e.Status == InboxStatus.Pending ? e.NextAttemptAt : null,
        e.ProcessedAt,
        e.LastError,
        e.ItemCount,
        e.Progress,
        e.SplitItems,
        e.Body.Length);

    private static readonly Func<WebhookInboxEntry, WebhookInboxEntryDto> Map = Projection.Compile();

    internal static WebhookInboxEntryDto From(WebhookInboxEntry entry) => Map(entry);
}
