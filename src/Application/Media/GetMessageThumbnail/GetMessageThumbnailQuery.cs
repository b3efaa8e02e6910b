using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Media.GetMessageThumbnail;

/// <summary>
/// The thumbnail of a message's image, for whoever may see its conversation (the same 404 as the conversation
/// otherwise). An available image stored before thumbnails existed gets its thumbnail made on first request.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record GetMessageThumbnailQuery(Guid ConversationId, Guid MessageId) : IQuery<Result<MessageThumbnail>>;

/// <summary>A thumbnail (JPEG, small enough to be held whole) and its strong ETag (from the image's SHA-256).</summary>
public sealed record MessageThumbnail(Guid MessageId, byte[] Content, string ContentType, string ETag);
