using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Media.CreateMediaLink;

/// <summary>
/// A signed link to a message's media file for <c>&lt;img&gt;</c> and <c>&lt;audio&gt;</c> tags, which cannot send
/// an Authorization header: bound to the message, the caller and the caller's session, valid for
/// <c>MEDIA_SIGNED_URL_TTL</c>, and dead as soon as the session ends.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record CreateMediaLinkQuery(Guid ConversationId, Guid MessageId) : IQuery<Result<MediaLinkDto>>;

/// <summary>A signed media link (relative to the API's base URL) and when it stops working.</summary>
public sealed record MediaLinkDto(string Url, DateTimeOffset ExpiresAt);
