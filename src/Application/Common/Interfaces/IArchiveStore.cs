using WhatsSuite.Application.Archives;
using WhatsSuite.Domain.Archives;

namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Where archive files live (a local directory; ADR 0033). Names are relative paths of lowercase letters, digits,
/// dashes, dots and slashes. A file appears under its name only once written completely.
/// </summary>
public interface IArchiveStore
{
    /// <summary>Writes a file from what <paramref name="write"/> puts into the stream; the file appears under <paramref name="name"/> only when it returns.</summary>
    Task WriteAsync(string name, Func<Stream, Task> write, CancellationToken cancellationToken);

    /// <summary>The file's bytes; null when there is no such file.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes a file; a missing file is not an error.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Moves one month of a history table into an archive file and out of the live database (ADR 0033, 0044).</summary>
public interface IHistoryArchiver
{
    /// <summary>
    /// Writes the month's rows (and, for messages, the media objects only they referenced) to a compressed archive
    /// file, records the archive in <c>history_archives</c>, and removes the month from the live database (PostgreSQL
    /// drops its partition, embedded SQLite moves its rows in batches): when it fails, the live data is as it was.
    /// Answers no archive (and no refusal) when the month holds nothing to archive.
    /// </summary>
    Task<ArchiveOutcome> ArchiveAsync(string table, DateTimeOffset month, CancellationToken cancellationToken);
}

/// <summary>What archiving a month did: the archive written, or why nothing was.</summary>
public sealed record ArchiveOutcome(Guid? ArchiveId, long Rows, int MediaObjects, string? RefusedBecause)
{
    public static ArchiveOutcome Refused(string reason) => new(null, 0, 0, reason);
}

/// <summary>Puts an archive's rows back into the live database (ADR 0033).</summary>
public interface IArchiveRestorer
{
    /// <summary>
    /// Inserts the archive's rows that are not live (and, for messages, their media objects, whose files move back), in
    /// one transaction committed only when the whole file as read matched its recorded SHA-256.
    /// </summary>
    Task<ArchiveRestore> RestoreAsync(HistoryArchive archive, CancellationToken cancellationToken);
}

/// <summary>What a restore found in the file and how many rows it put back.</summary>
public sealed record ArchiveRestore(ArchiveFiles.Verdict Verdict, long RowsRestored);
