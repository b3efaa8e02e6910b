using System.Globalization;
using System.IO.Compression;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Exports;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Exports.RunConversationExport;

internal sealed partial class RunConversationExportCommandHandler(
    IApplicationDbContext db,
    ConversationAccess access,
    IArchiveStore store,
    AuditScope auditScope,
    ConversationExportOptions options,
    MessagingOptions messaging,
    TimeProvider clock,
    ILogger<RunConversationExportCommandHandler> logger)
    : ICommandHandler<RunConversationExportCommand, Result<ConversationExportFileDto>>
{
    /// <summary>The requester is no longer an active user.</summary>
    public const string RequesterInactive = "requester_inactive";

    /// <summary>The requester is no longer ADMIN or SUPERVISOR.</summary>
    public const string RequesterRole = "requester_role";

    /// <summary>Reading the conversations or storing the file failed.</summary>
    public const string WriteFailed = "write_failed";

    public async ValueTask<Result<ConversationExportFileDto>> Handle(RunConversationExportCommand command, CancellationToken cancellationToken)
    {
        var export = await db.ConversationExports.SingleOrDefaultAsync(e => e.Id == command.ExportId, cancellationToken);
        if (export is null)
        {
            return ExportErrors.NotFound(command.ExportId);
        }

        if (!export.Start(clock.GetUtcNow()))
        {
            auditScope.SetNote($"already {ConversationExportFileDto.StatusName(export.Status)}");
            return ConversationExportFileDto.From(export);
        }

        await db.SaveChangesAsync(cancellationToken);
        var requester = await db.Users.AsNoTracking()
            .Where(u => u.Id == export.RequestedBy)
            .Select(u => new { u.IsActive, u.Role })
            .SingleOrDefaultAsync(cancellationToken);
        if (requester is not { IsActive: true })
        {
            return await FailAsync(export, RequesterInactive, cancellationToken);
        }

        if (requester.Role is not (Role.ADMIN or Role.SUPERVISOR))
        {
            return await FailAsync(export, RequesterRole, cancellationToken);
        }

        // A name of its own per run: a run stopped after storing its file but before recording it cannot collide.
        var name = string.Create(CultureInfo.InvariantCulture, $"exports/{export.Id:N}-{Guid.NewGuid():N}.{export.Format}.gz");
        var filter = new ConversationSetFilter(export.Phone, export.QueueId, export.ConversationStatus, export.From, export.To, export.TimeZone);
        var format = ConversationExportReader.ParseFormat(export.Format);
        int conversations = 0, messages = 0;
        long bytes = 0;
        var sha256 = string.Empty;
        try
        {
            var now = clock.GetUtcNow();
            var matching = ConversationSetExport.Matching(db, access.VisibleTo(db.Conversations.AsNoTracking(), export.RequestedBy, requester.Role), filter);
            var set = new ConversationExport(format, ConversationExportFileDto.DownloadName(export, withGzip: false), ConversationSetExport.ReadAsync(db, matching, filter, now, messaging.ServiceWindow, cancellationToken), Several: true);
            await store.WriteAsync(
                name,
                async file =>
                {
                    await using var hashing = Sha256Stream.ForWriting(file);
                    await using (var gzip = new GZipStream(hashing, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        (conversations, messages) = await ConversationExportWriter.WriteAsync(set, gzip, export.Origin, cancellationToken);
                    }

                    await hashing.FlushAsync(cancellationToken);
                    bytes = hashing.Count;
                    sha256 = hashing.HashHex();
                },
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWriteFailed(logger, export.Id, exception);
            return await FailAsync(export, WriteFailed, cancellationToken);
        }

        var finished = clock.GetUtcNow();
        export.Complete(name, conversations, messages, bytes, sha256, finished, finished.AddDays(options.RetentionDays));
        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"completed: {conversations} conversations, {messages} messages, {bytes} bytes"));
        LogCompleted(logger, export.Id, conversations, messages, bytes);
        return ConversationExportFileDto.From(export);
    }

    /// <summary>Records the failure; no file is left (the store removes the temporary file of a write that failed).</summary>
    private async Task<Result<ConversationExportFileDto>> FailAsync(ConversationExportFile export, string reason, CancellationToken cancellationToken)
    {
        export.Fail(reason, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        auditScope.SetNote($"failed: {reason}");
        LogFailed(logger, export.Id, reason);
        return ConversationExportFileDto.From(export);
    }

    [LoggerMessage(EventId = LogEvents.ConversationExportFileCompleted, Level = LogLevel.Information, Message = "Background export {ExportId} completed: {Conversations} conversations, {Messages} messages, {Bytes} bytes")]
    private static partial void LogCompleted(ILogger logger, Guid exportId, int conversations, int messages, long bytes);

    [LoggerMessage(EventId = LogEvents.ConversationExportFileFailed, Level = LogLevel.Warning, Message = "Background export {ExportId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid exportId, string reason);

    [LoggerMessage(EventId = LogEvents.ConversationExportFileWriteFailed, Level = LogLevel.Error, Message = "Writing background export {ExportId} failed; no file is kept")]
    private static partial void LogWriteFailed(ILogger logger, Guid exportId, Exception exception);
}
