using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.RefreshAccessToken;

/// <summary>
/// Exchanges a refresh token for a new access token and a new refresh token; the old pair stops working.
/// Presenting an already-used refresh token revokes its whole family (the refusal is persisted).
/// </summary>
[PublicAccess]
[PersistOnFailure]
public sealed record RefreshAccessTokenCommand(string RefreshToken) : ICommand<Result<AccessTokenDto>>
{
    public override string ToString() => nameof(RefreshAccessTokenCommand);
}
