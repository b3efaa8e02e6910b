using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Messages;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Conversations;

/// <summary>The formats a conversation export is written in.</summary>
public enum ConversationExportFormat
{
    /// <summary>One JSON object per conversation with its messages.</summary>
    Json,

    /// <summary>One CSV row per message (formula-safe cells).</summary>
    Csv,

    /// <summary>A printable, self-contained HTML transcript.</summary>
    Html,
}

/// <summary>
/// An export: its format, a file name and the conversations, each read from the database while it is written out
/// (<see cref="ExportedConversation.Messages"/> in pages), so that no export ever sits whole in memory.
/// </summary>
/// <see cref="Several"/> marks the export of a filtered set (JSON is then one object per line).
public sealed record ConversationExport(ConversationExportFormat Format, string FileName, IAsyncEnumerable<ExportedConversation> Conversations, bool Several = false);

/// <summary>A conversation as exported: its header and its messages, oldest first, read page by page.</summary>
public sealed record ExportedConversation(ConversationDto Conversation, IAsyncEnumerable<ExportedMessage> Messages);

/// <summary>
/// A message as exported: who wrote it (the agent for an outbound message sent by a user; none for the customer, a
/// template or the system), its type and readable text (the caption of a media message), its status with the time it
/// was reached and the times WhatsApp reported it delivered and read, and its media.
/// </summary>
public sealed record ExportedMessage(
    Guid Id,
    MessageDirection Direction,
    string Type,
    string? Text,
    MessageSenderDto? Author,
    MessageStatus Status,
    DateTimeOffset SentAt,
    DateTimeOffset? StatusAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ReadAt,
    string? ErrorCode,
    string? ErrorTitle,
    ExportedMedia? Media);

/// <summary>
/// A message's media: file name, type and size, where its file stands, and — only for a file that is stored and
/// passed every check — <see cref="Path"/>, the authenticated download of the message's media
/// (<c>/api/v1/conversations/{id}/messages/{messageId}/media</c>), which answers only a signed-in user who may see the
/// conversation.
/// </summary>
public sealed record ExportedMedia(string? FileName, string? ContentType, long? Size, MediaStatus? Status, string? Path);

/// <summary>Reads a conversation's messages for an export, oldest first, one page of <see cref="PageSize"/> at a time.</summary>
internal static class ConversationExportReader
{
    public const int PageSize = 500;

    /// <summary>The authenticated media download of a message.</summary>
    public static string MediaPath(Guid conversationId, Guid messageId) => $"/api/v1/conversations/{conversationId}/messages/{messageId}/media";

    /// <summary>
    /// The messages of <paramref name="conversationId"/>, oldest first (<c>SentAt</c>, then <c>Id</c>), each page a
    /// keyset query after the previous page's last message: memory holds one page, and no reader stays open between
    /// pages. <paramref name="from"/> and <paramref name="before"/> bound <c>SentAt</c> (from included).
    /// </summary>
    public static async IAsyncEnumerable<ExportedMessage> ReadMessagesAsync(
        IApplicationDbContext db, Guid conversationId, DateTimeOffset? from, DateTimeOffset? before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DateTimeOffset? afterSentAt = null;
        var afterId = Guid.Empty;
        while (true)
        {
            var messages = db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId);
            if (from is { } lower)
            {
                messages = messages.Where(m => m.SentAt >= lower);
            }

            if (before is { } upper)
            {
                messages = messages.Where(m => m.SentAt < upper);
            }

            if (afterSentAt is { } at)
            {
                var id = afterId;
                messages = messages.Where(m => m.SentAt > at || (m.SentAt == at && m.Id.CompareTo(id) > 0));
            }

            var page = await messages
                .OrderBy(m => m.SentAt).ThenBy(m => m.Id)
                .Take(PageSize)
                .Select(m => new
                {
                    m.Id,
                    m.ConnectionId,
                    m.Direction,
                    m.Type,
                    m.Text,
                    m.Wamid,
                    m.SenderUserId,
                    SenderName = db.Users.Where(u => u.Id == m.SenderUserId).Select(u => u.FullName).FirstOrDefault(),
                    m.Status,
                    m.SentAt,
                    m.StatusAt,
                    m.ErrorCode,
                    m.ErrorTitle,
                    m.MediaId,
                    m.MediaFileName,
                    m.MediaMimeType,
                    m.MediaStatus,
                    FileType = db.MediaObjects.Where(o => o.Id == m.MediaObjectId).Select(o => o.ContentType).FirstOrDefault(),
                    FileSize = db.MediaObjects.Where(o => o.Id == m.MediaObjectId).Select(o => (long?)o.Size).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            // The delivered and read times of the page's outbound messages, from WhatsApp's status reports.
            var wamids = page.Where(m => m.Direction == MessageDirection.Outbound && m.Wamid != null).Select(m => m.Wamid!).ToList();
            var reported = wamids.Count == 0
                ? []
                : await db.MessageStatusEvents.AsNoTracking()
                    .Where(e => wamids.Contains(e.Wamid) && (e.Status == MessageStatus.Delivered || e.Status == MessageStatus.Read))
                    .Select(e => new { e.ConnectionId, e.Wamid, e.Status, e.OccurredAt })
                    .ToListAsync(cancellationToken);

            var reportedAt = reported.ToDictionary(e => (e.ConnectionId, e.Wamid, e.Status), e => e.OccurredAt);
            foreach (var m in page)
            {
                DateTimeOffset? Reported(MessageStatus status) =>
                    m.Wamid is not null && reportedAt.TryGetValue((m.ConnectionId, m.Wamid, status), out var at) ? at : null;

                var media = m.MediaId is null && m.MediaMimeType is null && m.MediaStatus is null
                    ? null
                    : new ExportedMedia(
                        m.MediaFileName,
                        m.FileType ?? m.MediaMimeType,
                        m.FileSize,
                        m.MediaStatus,
                        m.MediaStatus == MediaStatus.Available ? MediaPath(conversationId, m.Id) : null);
                yield return new ExportedMessage(
                    m.Id,
                    m.Direction,
                    m.Type,
                    m.Text,
                    m.SenderUserId is { } senderId ? new MessageSenderDto(senderId, m.SenderName ?? string.Empty) : null,
                    m.Status,
                    m.SentAt,
                    m.StatusAt,
                    Reported(MessageStatus.Delivered),
                    Reported(MessageStatus.Read),
                    m.ErrorCode,
                    m.ErrorTitle,
                    media);
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            afterSentAt = page[^1].SentAt;
            afterId = page[^1].Id;
        }
    }

    /// <summary>Parses the <c>format</c> parameter (json when absent); false for anything else.</summary>
    public static bool TryParseFormat(string? value, out ConversationExportFormat format)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "json":
                format = ConversationExportFormat.Json;
                return true;
            case "csv":
                format = ConversationExportFormat.Csv;
                return true;
            case "html":
                format = ConversationExportFormat.Html;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>The format of a <c>format</c> parameter the validator accepted.</summary>
    public static ConversationExportFormat ParseFormat(string? value) =>
        TryParseFormat(value, out var format) ? format : throw new ArgumentException("Not an export format; the validator refuses it.", nameof(value));

    /// <summary>The file extension of <paramref name="format"/>.</summary>
    public static string Extension(ConversationExportFormat format) => format switch
    {
        ConversationExportFormat.Csv => "csv",
        ConversationExportFormat.Html => "html",
        _ => "json",
    };
}
