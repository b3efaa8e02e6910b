using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Exports;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.ExportConversations;

/// <summary>
/// The conversations the caller sees that match every filter given, with their messages, as JSON (one object per line),
/// CSV or HTML transcripts one after another, for ADMIN and SUPERVISOR: <see cref="Phone"/> (the contact's number),
/// <see cref="QueueId"/>, <see cref="Status"/>, and <see cref="From"/>/<see cref="To"/> (local days in
/// <see cref="TimeZone"/>, inclusive): only conversations with messages in that range, and only those messages. At
/// most <see cref="ConversationExportOptions.SyncMax"/> conversations are answered in the request; a larger set is
/// recorded as a background export whose job writes the file (ADR 0042), at most
/// <see cref="ConversationExportOptions.MaxPendingPerUser"/> queued or running per user. <see cref="Origin"/> is where the
/// export was asked (the start of its media links). Audited with the number of conversations.
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
    string? Format,
    string Origin) : ICommand<Result<ConversationSetExportAnswer>>, IAuditTarget
{
    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => null;
}

/// <summary>The answer to a filtered export: the export to stream now, or the background export recorded for it.</summary>
public sealed record ConversationSetExportAnswer(ConversationExport? Export, ConversationExportFileDto? Queued);
