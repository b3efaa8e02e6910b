using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Auth;

/// <summary>Issues an access token for a user and records its session, so it can be revoked later.</summary>
internal sealed class SessionOpener(IAccessTokenIssuer tokens, ISessionStore sessions)
{
    public async Task<AccessTokenDto> OpenAsync(User user, string? ipAddress, string? userAgent, CancellationToken cancellationToken)
    {
        var token = tokens.Issue(user);
        await sessions.CreateAsync(new SessionDescriptor(token.Jti, user.Id, token.IssuedAt, token.ExpiresAt, ipAddress, userAgent), cancellationToken);
        var expiresIn = (int)Math.Round((token.ExpiresAt - token.IssuedAt).TotalSeconds);
        return new AccessTokenDto(token.Token, "Bearer", expiresIn, user.MustChangePassword);
    }
}
