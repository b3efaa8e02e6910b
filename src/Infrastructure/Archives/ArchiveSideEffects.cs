using System.Globalization;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// What both archivers and restorers do around the database (ADR 0033, 0044): media files moved under
/// <c>archived/&lt;archive&gt;/</c> and back, and an archive file that was not recorded removed. None of it fails the
/// month: a file that cannot be moved stays where it is (restoring finds it under either key), logged.
/// </summary>
internal static partial class ArchiveSideEffects
{
    /// <summary>Where an archived message's media file is kept in the media store until its archive is restored.</summary>
    public static string ArchivedMediaKey(Guid archiveId, string storageKey) => string.Create(CultureInfo.InvariantCulture, $"archived/{archiveId:N}/{storageKey}");

    public static async Task MoveMediaToArchiveAsync(IMediaStore media, ILogger logger, Guid archiveId, string storageKey)
    {
        try
        {
            await media.MoveAsync(storageKey, ArchivedMediaKey(archiveId, storageKey), CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The archive holds the media row; restoring finds the file under either key.
            LogMediaNotMoved(logger, storageKey, exception);
        }
    }

    public static async Task MoveMediaBackAsync(IMediaStore media, ILogger logger, Guid archiveId, string storageKey)
    {
        var from = ArchivedMediaKey(archiveId, storageKey);
        try
        {
            await media.MoveAsync(from, storageKey, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The file was not moved when archived (logged then) or is already back: it stays where it is.
            LogMediaNotMovedBack(logger, from, exception);
        }
    }

    /// <summary>Removes an archive file that was not recorded; one left behind is never listed, and the next run writes a new one.</summary>
    public static async Task DeleteUnrecordedAsync(IArchiveStore store, ILogger logger, string name)
    {
        try
        {
            await store.DeleteAsync(name, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogArchiveNotRemoved(logger, name, exception);
        }
    }

    [LoggerMessage(EventId = LogEvents.ArchivedMediaNotMoved, Level = LogLevel.Warning, Message = "An archived media file could not be moved from {StorageKey}; it stays there")]
    private static partial void LogMediaNotMoved(ILogger logger, string storageKey, Exception exception);

    [LoggerMessage(EventId = LogEvents.UnrecordedArchiveNotRemoved, Level = LogLevel.Warning, Message = "The unrecorded archive file {Name} could not be removed")]
    private static partial void LogArchiveNotRemoved(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = LogEvents.RestoredMediaNotMovedBack, Level = LogLevel.Warning, Message = "A restored media file could not be moved back from {StorageKey}")]
    private static partial void LogMediaNotMovedBack(ILogger logger, string storageKey, Exception exception);
}
