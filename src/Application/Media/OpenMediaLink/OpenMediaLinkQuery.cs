using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Media.GetMessageMedia;

namespace WhatsSuite.Application.Media.OpenMediaLink;

/// <summary>
/// Opens a signed media link (<see cref="CreateMediaLink.CreateMediaLinkQuery"/>) without an Authorization header:
/// the signature must match (403 <c>media.link_invalid</c>), the link must not have expired (403
/// <c>media.link_expired</c>), the session must still be active and the user active; then the file is served under
/// that user's visibility, exactly as <see cref="GetMessageMediaQuery"/> would serve it to them.
/// </summary>
[PublicAccess]
public sealed record OpenMediaLinkQuery(Guid MessageId, Guid UserId, string SessionId, long Expires, string Signature) : IQuery<Result<MessageMediaFile>>;
