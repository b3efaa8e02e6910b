using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Media.UploadMedia;

/// <summary>
/// Stores a file an agent wants to send in a conversation: streamed from the request into the media store (never
/// whole in memory), checked as inbound files are (<c>MEDIA_MAX_BYTES</c>, the type sniffed from its bytes and the
/// allow-list) and against what WhatsApp accepts as some media type (<see cref="OutboundMediaLimits"/>), then kept
/// content-addressed like inbound media. The answer's id is what a media message names as its <c>uploadId</c>.
/// The send rules (<see cref="Messages.OutboundSendRules"/>) apply before a byte is read. Runs without a
/// surrounding transaction: no database lock is held while the file streams in.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
[WithoutTransaction]
public sealed record UploadMediaCommand(Guid ConversationId, Stream Content, string? DeclaredType) : ICommand<Result<UploadedMediaDto>>, IAuditTarget
{
    public string AuditTargetType => Conversations.ConversationErrors.TargetType;

    public string? AuditTargetId => ConversationId.ToString();
}

/// <summary>
/// A stored upload: its id (a media message's <c>uploadId</c>), the type read from its bytes, its size and SHA-256, and
/// the message types WhatsApp accepts it as (<see cref="SendAs"/>).
/// </summary>
public sealed record UploadedMediaDto(Guid Id, string ContentType, long Size, string Sha256, IReadOnlyList<string> SendAs);
