using System.Globalization;
using WhatsSuite.Domain.Exports;

namespace WhatsSuite.Application.Exports;

/// <summary>
/// A background conversation export: its status (<c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c>,
/// <c>expired</c>), format and filters as asked, the conversations the filter matched, and once done the conversations
/// and messages written, the size and SHA-256 of the gzip file, the failure reason, and when it was created, finished
/// and expires. <see cref="FileUrl"/> is set while the file can be downloaded.
/// </summary>
public sealed record ConversationExportFileDto(
    Guid Id,
    string Status,
    string Format,
    ConversationExportFiltersDto Filters,
    Guid RequestedBy,
    int MatchedConversations,
    int? Conversations,
    int? Messages,
    long? Bytes,
    string? Sha256,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? ExpiresAt,
    string? FileUrl)
{
    public static ConversationExportFileDto From(ConversationExportFile export)
    {
        ArgumentNullException.ThrowIfNull(export);
        return new ConversationExportFileDto(
            export.Id,
            StatusName(export.Status),
            export.Format,
            new ConversationExportFiltersDto(export.Phone, export.QueueId, export.ConversationStatus, export.From, export.To, export.TimeZone),
            export.RequestedBy,
            export.MatchedConversations,
            export.Conversations,
            export.Messages,
            export.Bytes,
            export.Sha256,
            export.FailureReason,
            export.CreatedAt,
            export.StartedAt,
            export.FinishedAt,
            export.ExpiresAt,
            export.Status == ConversationExportStatus.Completed ? $"{Location(export.Id)}/file" : null);
    }

    /// <summary>The API's name of <paramref name="status"/>.</summary>
    public static string StatusName(ConversationExportStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// The export's file name as the streamed export would name it at the time it was asked
    /// (<c>conversations-&lt;created&gt;.&lt;format&gt;</c>), with <c>.gz</c> for the download.
    /// </summary>
    public static string DownloadName(ConversationExportFile export, bool withGzip)
    {
        ArgumentNullException.ThrowIfNull(export);
        return string.Create(CultureInfo.InvariantCulture, $"conversations-{export.CreatedAt:yyyyMMdd-HHmmss}.{export.Format}{(withGzip ? ".gz" : string.Empty)}");
    }

    /// <summary>Where the export's status is read.</summary>
    public static string Location(Guid id) => $"/api/v1/exports/{id}";
}

/// <summary>The filters of a background export, as asked.</summary>
public sealed record ConversationExportFiltersDto(string? Phone, Guid? QueueId, string? Status, DateOnly? From, DateOnly? To, string? Tz);
