using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Media.GetMessageMedia;

/// <summary>
/// The stored media file of a message, for whoever may see its conversation (the same 404 as the conversation
/// otherwise). Only a file that passed every check is served.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record GetMessageMediaQuery(Guid ConversationId, Guid MessageId) : IQuery<Result<MessageMediaFile>>;

/// <summary>
/// Where a servable media file is and what it is: the sniffed <see cref="ContentType"/>, its plaintext
/// <see cref="Size"/> and digest (a strong ETag), and the sender's file name (to be made safe before use).
/// </summary>
public sealed record MessageMediaFile(Guid MessageId, Guid ConversationId, string StorageKey, string ContentType, long Size, string Sha256, string? FileName);
