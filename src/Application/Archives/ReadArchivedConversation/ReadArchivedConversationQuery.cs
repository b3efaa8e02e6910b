using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Archives.ReadArchivedConversation;

/// <summary>
/// The archived messages of one conversation (ADR 0033), oldest first, read from every archive that holds some of them.
/// Each archive file is streamed and its SHA-256 checked against the recorded one; a file that does not match is refused.
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record ReadArchivedConversationQuery(Guid ConversationId) : IQuery<Result<ArchivedConversationMessagesDto>>;

public sealed record ArchivedConversationMessagesDto(Guid ConversationId, IReadOnlyList<ArchivedMessageDto> Messages);

/// <summary>An archived message as it was when archived (direction and status as stored).</summary>
public sealed record ArchivedMessageDto(
    Guid Id,
    Guid ArchiveId,
    string Direction,
    string Type,
    string? Text,
    string Status,
    string? Wamid,
    Guid? SenderUserId,
    string? MediaFileName,
    string? MediaMimeType,
    DateTimeOffset SentAt);
