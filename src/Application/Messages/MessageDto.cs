using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Messages;

/// <summary>
/// A message of a conversation. <see cref="Content"/> is the type-specific JSON object (as WhatsApp sent it, for
/// inbound messages); <see cref="Text"/> its readable text (an order's summary, a system notice, ...);
/// <see cref="Referral"/> the click-to-WhatsApp ad or post the message came from.
/// </summary>
public sealed record MessageDto(
    Guid Id,
    Guid ConversationId,
    MessageDirection Direction,
    string Type,
    string? Text,
    JsonElement Content,
    string? ReplyToWamid,
    MessageMediaDto? Media,
    Conversations.ReferralDto? Referral,
    MessageStatus Status,
    string? ErrorCode,
    string? ErrorTitle,
    string? Wamid,
    MessageSenderDto? Sender,
    DateTimeOffset SentAt,
    DateTimeOffset? StatusAt,
    DateTimeOffset CreatedAt);

/// <summary>
/// A message's media: what WhatsApp declared (<see cref="Id"/>, <see cref="MimeType"/>, <see cref="Sha256"/>,
/// <see cref="FileName"/>) and where its file stands: <see cref="Status"/> (pending, available, failed or quarantined),
/// <see cref="Error"/> (why it failed or was quarantined), and once available the sniffed <see cref="ContentType"/>
/// and <see cref="Size"/>. Only an available file is served.
/// </summary>
public sealed record MessageMediaDto(
    string? Id,
    string? MimeType,
    string? Sha256,
    string? FileName,
    MediaStatus? Status = null,
    string? Error = null,
    string? ContentType = null,
    long? Size = null);

/// <summary>The user who sent an outbound message.</summary>
public sealed record MessageSenderDto(Guid Id, string FullName);

/// <summary>A page of messages, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record MessagePage(IReadOnlyList<MessageDto> Items, string? NextCursor);

/// <summary>Reads messages as DTOs: the rows with their sender's name in one query, the JSON content parsed afterwards.</summary>
internal static class MessageReader
{
    public static async Task<List<MessageDto>> ReadManyAsync(IApplicationDbContext db, IQueryable<Message> messages, CancellationToken cancellationToken)
    {
        var rows = await messages
            .Select(m => new
            {
                Message = m,
                SenderName = db.Users.Where(u => u.Id == m.SenderUserId).Select(u => u.FullName).FirstOrDefault(),
                FileType = db.MediaObjects.Where(o => o.Id == m.MediaObjectId).Select(o => o.ContentType).FirstOrDefault(),
                FileSize = db.MediaObjects.Where(o => o.Id == m.MediaObjectId).Select(o => (long?)o.Size).FirstOrDefault(),
            })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.Select(r => ToDto(r.Message, r.SenderName, r.FileType, r.FileSize)).ToList();
    }

    public static async Task<MessageDto> ReadAsync(IApplicationDbContext db, Guid id, CancellationToken cancellationToken) =>
        (await ReadManyAsync(db, db.Messages.Where(m => m.Id == id), cancellationToken)).Single();

    private static MessageDto ToDto(Message m, string? senderName, string? fileType, long? fileSize) => new(
        m.Id,
        m.ConversationId,
        m.Direction,
        m.Type,
        m.Text,
        ParseContent(m.Content),
        m.ReplyToWamid,
        m.MediaId is null && m.MediaMimeType is null && m.MediaStatus is null
            ? null
            : new MessageMediaDto(m.MediaId, m.MediaMimeType, m.MediaSha256, m.MediaFileName, m.MediaStatus, m.MediaError, fileType, fileSize),
        Conversations.ReferralDto.From(m.Referral, m.Referral is null ? null : m.SentAt),
        m.Status,
        m.ErrorCode,
        m.ErrorTitle,
        m.Wamid,
        m.SenderUserId is { } senderId ? new MessageSenderDto(senderId, senderName ?? string.Empty) : null,
        m.SentAt,
        m.StatusAt,
        m.CreatedAt);

    /// <summary>The stored content is JSON written by WhatsSuite or received from WhatsApp; anything else is shown as a JSON string.</summary>
    private static JsonElement ParseContent(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(content);
        }
    }
}
