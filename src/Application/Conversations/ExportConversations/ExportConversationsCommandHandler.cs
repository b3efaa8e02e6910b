using System.Globalization;
using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations.ExportConversations;

internal sealed class ExportConversationsCommandHandler(
    IApplicationDbContext db, ConversationAccess access, AuditScope auditScope, ConversationExportOptions options, MessagingOptions messaging, TimeProvider clock)
    : ICommandHandler<ExportConversationsCommand, Result<ConversationExport>>
{
    /// <summary>Conversations read per query while the export is written.</summary>
    private const int ConversationPage = 100;

    public async ValueTask<Result<ConversationExport>> Handle(ExportConversationsCommand command, CancellationToken cancellationToken)
    {
        var format = ConversationExportReader.ParseFormat(command.Format);
        var zone = DashboardPeriod.FindZone(command.TimeZone)!;
        DateTimeOffset? start = command.From is { } from ? DashboardPeriod.StartOfDay(from, zone) : null;
        DateTimeOffset? end = command.To is { } to ? DashboardPeriod.StartOfDay(to.AddDays(1), zone) : null;

        var conversations = access.Visible(db.Conversations.AsNoTracking());
        if (command.Phone is not null && PhoneNumber.TryNormalize(command.Phone, out var digits))
        {
            conversations = conversations.Where(c => db.Contacts.Any(k => k.Id == c.ContactId && k.WaId == digits));
        }

        if (command.QueueId is { } queueId)
        {
            conversations = conversations.Where(c => c.QueueId == queueId);
        }

        if (command.Status is not null)
        {
            var status = Enum.Parse<ConversationStatus>(command.Status);
            conversations = conversations.Where(c => c.Status == status);
        }

        if (start is { } after && end is { } before)
        {
            conversations = conversations.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && m.SentAt >= after && m.SentAt < before));
        }
        else if (start is { } onlyAfter)
        {
            conversations = conversations.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && m.SentAt >= onlyAfter));
        }
        else if (end is { } onlyBefore)
        {
            conversations = conversations.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && m.SentAt < onlyBefore));
        }

        var count = await conversations.CountAsync(cancellationToken);
        auditScope.SetNote(string.Create(CultureInfo.InvariantCulture, $"{count} conversations"));
        if (count > options.SyncMax)
        {
            return ConversationErrors.ExportTooLarge(count, options.SyncMax);
        }

        var now = clock.GetUtcNow();
        return new ConversationExport(
            format,
            string.Create(CultureInfo.InvariantCulture, $"conversations-{now:yyyyMMdd-HHmmss}.{ConversationExportReader.Extension(format)}"),
            ReadAsync(conversations, start, end, now, cancellationToken),
            Several: true);
    }

    /// <summary>The conversations in id order, <see cref="ConversationPage"/> at a time, each with its messages in the range.</summary>
    private async IAsyncEnumerable<ExportedConversation> ReadAsync(
        IQueryable<Conversation> conversations, DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            var page = after is { } last ? conversations.Where(c => c.Id.CompareTo(last) > 0) : conversations;
            var ids = await page.OrderBy(c => c.Id).Select(c => c.Id).Take(ConversationPage).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                yield break;
            }

            var read = await ConversationReader.ReadManyAsync(db, db.Conversations.Where(c => ids.Contains(c.Id)), ids.Count, now, messaging.ServiceWindow, "conversations.export", cancellationToken);
            foreach (var conversation in read.OrderBy(c => ids.IndexOf(c.Id)))
            {
                yield return new ExportedConversation(conversation, ConversationExportReader.ReadMessagesAsync(db, conversation.Id, start, end, cancellationToken));
            }

            if (ids.Count < ConversationPage)
            {
                yield break;
            }

            after = ids[^1];
        }
    }
}
