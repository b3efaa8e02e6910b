using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Sessions;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Auth;

/// <summary>
/// Issues an access token with its session, and the refresh token that goes with it (a new family at
/// sign-in, the same family when rotating).
/// </summary>
internal sealed class SessionOpener(IAccessTokenIssuer tokens, ISessionStore sessions, IApplicationDbContext db, AuthenticationOptions options)
{
    public async Task<AccessTokenDto> OpenAsync(User user, string? ipAddress, string? userAgent, Guid? familyId, CancellationToken cancellationToken)
    {
        var token = tokens.Issue(user);
        await sessions.CreateAsync(new SessionDescriptor(token.Jti, user.Id, token.IssuedAt, token.ExpiresAt, ipAddress, userAgent), cancellationToken);
        var refresh = RefreshTokenCodec.NewToken();
        var refreshExpires = token.IssuedAt + options.RefreshTokenLifetime;
        db.RefreshTokens.Add(RefreshToken.Issue(user.Id, familyId ?? Guid.CreateVersion7(token.IssuedAt), RefreshTokenCodec.Hash(refresh), token.Jti, token.IssuedAt, refreshExpires));
        await db.SaveChangesAsync(cancellationToken);
        return new AccessTokenDto(
            token.Token,
            "Bearer",
            (int)Math.Round((token.ExpiresAt - token.IssuedAt).TotalSeconds),
            refresh,
            (int)Math.Round(options.RefreshTokenLifetime.TotalSeconds),
            user.MustChangePassword);
    }
}
