using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Exports;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Exports;

namespace WhatsSuite.Application.Conversations.ExportConversations;

internal sealed class ExportConversationsCommandHandler(
    IApplicationDbContext db,
    ConversationAccess access,
    AuditScope auditScope,
    ConversationExportOptions options,
    MessagingOptions messaging,
    IConversationExportJobs jobs,
    AfterCommit afterCommit,
    TimeProvider clock)
    : ICommandHandler<ExportConversationsCommand, Result<ConversationSetExportAnswer>>
{
    public async ValueTask<Result<ConversationSetExportAnswer>> Handle(ExportConversationsCommand command, CancellationToken cancellationToken)
    {
        var format = ConversationExportReader.ParseFormat(command.Format);
        var filter = new ConversationSetFilter(command.Phone, command.QueueId, command.Status, command.From, command.To, command.TimeZone);
        var conversations = ConversationSetExport.Matching(db, access.Visible(db.Conversations.AsNoTracking()), filter);

        var count = await conversations.CountAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (count > options.SyncMax)
        {
            return await QueueAsync(command, format, count, now, cancellationToken);
        }

        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"{count} conversations"));
        return new ConversationSetExportAnswer(
            new ConversationExport(
                format,
                string.Create(CultureInfo.InvariantCulture, $"conversations-{now:yyyyMMdd-HHmmss}.{ConversationExportReader.Extension(format)}"),
                ConversationSetExport.ReadAsync(db, conversations, filter, now, messaging.ServiceWindow, cancellationToken),
                Several: true),
            null);
    }

    /// <summary>Records a background export of the set for the caller and queues its job once the row is stored.</summary>
    private async Task<Result<ConversationSetExportAnswer>> QueueAsync(ExportConversationsCommand command, ConversationExportFormat format, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var userId = access.Actor.UserId!.Value;
        var pending = await db.ConversationExports.CountAsync(
            e => e.RequestedBy == userId && (e.Status == ConversationExportStatus.Queued || e.Status == ConversationExportStatus.Running),
            cancellationToken);
        if (pending >= options.MaxPendingPerUser)
        {
            return ExportErrors.TooManyPending(options.MaxPendingPerUser);
        }

        var export = ConversationExportFile.Queue(
            userId,
            ConversationExportReader.Extension(format),
            command.Phone is not null && PhoneNumber.TryNormalize(command.Phone, out var digits) ? digits : null,
            command.QueueId,
            command.Status,
            command.From,
            command.To,
            command.TimeZone,
            command.Origin,
            count,
            now);
        db.ConversationExports.Add(export);
        await db.SaveChangesAsync(cancellationToken);
        afterCommit.Add(() => jobs.Enqueue(export.Id));
        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"{count} conversations, queued as export {export.Id}"));
        return new ConversationSetExportAnswer(null, ConversationExportFileDto.From(export));
    }
}
