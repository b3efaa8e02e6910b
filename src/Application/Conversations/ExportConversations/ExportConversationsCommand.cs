using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.ExportConversations;

/// <summary>
/// The conversations the caller sees that match every filter given, with their messages, as JSON (one object per line),
/// CSV or HTML transcripts one after another, for ADMIN and SUPERVISOR: <see cref="Phone"/> (the contact's number),
/// <see cref="QueueId"/>, <see cref="Status"/>, and <see cref="From"/>/<see cref="To"/> (local days in
/// <see cref="TimeZone"/>, inclusive): only conversations with messages in that range, and only those messages. At
/// most <see cref="ConversationExportOptions.SyncMax"/> conversations. Audited with the number exported.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
[WithoutTransaction]
public sealed record ExportConversationsCommand(
    string? Phone,
    Guid? QueueId,
    string? Status,
    DateOnly? From,
    DateOnly? To,
    string? TimeZone,
    string? Format) : ICommand<Result<ConversationExport>>, IAuditTarget
{
    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => null;
}
