using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Archives.ReadArchivedConversation;

internal sealed class ReadArchivedConversationQueryHandler(IApplicationDbContext db, IArchiveStore store)
    : IQueryHandler<ReadArchivedConversationQuery, Result<ArchivedConversationMessagesDto>>
{
    public async ValueTask<Result<ArchivedConversationMessagesDto>> Handle(ReadArchivedConversationQuery query, CancellationToken cancellationToken)
    {
        var archives = await db.ArchivedConversations.AsNoTracking()
            .Where(c => c.ConversationId == query.ConversationId)
            .Join(db.HistoryArchives.AsNoTracking(), c => c.ArchiveId, a => a.Id, (c, a) => a)
            .OrderBy(a => a.PeriodStart).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        if (archives.Count == 0)
        {
            return ArchiveErrors.ConversationNotArchived(query.ConversationId);
        }

        var id = query.ConversationId.ToString();
        var messages = new List<ArchivedMessageDto>();
        foreach (var archive in archives)
        {
            var read = new List<ArchivedMessageDto>();
            var verdict = await ArchiveFiles.ReadAsync(
                store,
                archive,
                (table, row) =>
                {
                    if (table == HistoryTables.Messages && row.GetProperty("conversation_id").GetString() == id)
                    {
                        read.Add(ToDto(archive.Id, row));
                    }

                    return ValueTask.CompletedTask;
                },
                cancellationToken);
            if (verdict != ArchiveFiles.Verdict.Intact)
            {
                return ArchiveErrors.Unreadable(archive.Id, verdict);
            }

            messages.AddRange(read);
        }

        return new ArchivedConversationMessagesDto(query.ConversationId, messages.OrderBy(m => m.SentAt).ThenBy(m => m.Id).ToList());
    }

    private static ArchivedMessageDto ToDto(Guid archiveId, JsonElement row) =>
        new(
            row.GetProperty("id").GetGuid(),
            archiveId,
            row.GetProperty("direction").GetString() ?? string.Empty,
            row.GetProperty("type").GetString() ?? string.Empty,
            Text(row, "text"),
            row.GetProperty("status").GetString() ?? string.Empty,
            Text(row, "wamid"),
            row.TryGetProperty("sender_user_id", out var sender) && sender.ValueKind == JsonValueKind.String ? sender.GetGuid() : null,
            Text(row, "media_file_name"),
            Text(row, "media_mime_type"),
            row.GetProperty("sent_at").GetDateTimeOffset());

    private static string? Text(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
