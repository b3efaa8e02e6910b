using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Archives;

/// <summary>Errors of retention and the archive.</summary>
public static class ArchiveErrors
{
    public const string PartitionTargetType = "history_partition";

    public static readonly Error NotPartitioned =
        Error.Unprocessable("archives.not_partitioned", "This database has no history archiver.");

    public static Error UnknownTable(string table) =>
        Error.Unprocessable("archives.unknown_table", $"'{table}' is not a history table.");

    public static Error PartitionNotFound(string table, DateTimeOffset month) =>
        Error.NotFound("archives.partition_not_found", $"{table} has no partition for {month:yyyy-MM}.");

    /// <summary>Embedded SQLite: the month holds no row of the table (any more), so there is nothing to archive.</summary>
    public static Error MonthEmpty(string table, DateTimeOffset month) =>
        Error.NotFound("archives.month_empty", $"{table} holds no row of {month:yyyy-MM}.");

    /// <summary>The month still holds work in progress (an inbox delivery not yet processed, a message not yet sent) or rows arrived while it was written.</summary>
    public static Error MonthBusy(string table, DateTimeOffset month, string reason) =>
        Error.Conflict("archives.month_busy", $"{table} {month:yyyy-MM} cannot be archived now: {reason}.");

    public const string ArchiveTargetType = "history_archive";

    public static Error ArchiveNotFound(Guid id) =>
        Error.NotFound("archives.not_found", $"There is no archive {id}.");

    public static Error ConversationNotArchived(Guid conversationId) =>
        Error.NotFound("archives.conversation_not_archived", $"No archive holds messages of conversation {conversationId}.");

    /// <summary>The archive file is missing or is not the file that was recorded (its SHA-256 differs): nothing of it is trusted.</summary>
    public static Error Unreadable(Guid archiveId, ArchiveFiles.Verdict verdict) =>
        verdict == ArchiveFiles.Verdict.Missing
            ? Error.Conflict("archives.file_missing", $"The file of archive {archiveId} is missing from the archive store.")
            : Error.Conflict("archives.checksum_mismatch", $"The file of archive {archiveId} does not match its recorded SHA-256; it is not read.");
}
