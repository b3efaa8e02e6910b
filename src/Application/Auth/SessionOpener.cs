using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Sessions;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Auth;

/// <summary>
/// Issues an access token with its session, and the refresh token that goes with it (a new family at
/// sign-in, the same family when rotating).
/// </summary>
/// <remarks>
/// The token carries what the user was when the sign-in read them (role, MFA, password state), and a
/// change to any of these ends the user's sessions (<see cref="SessionTerminator"/>). A sign-in that read
/// the user just before such a change could still open its session after the change ended the others. So
/// once the session exists, the user's row is claimed with an update that matches only if everything the
/// token relies on is unchanged: it waits for a concurrent change to commit and then sees it (the session
/// is ended at once and the sign-in answers <see cref="AuthErrors.AccountChanged"/>), or it holds the row until this
/// sign-in commits, so that the change, which saves the user before ending sessions, comes after it and
/// ends this session too. Either way no session outlives a change it did not see.
/// </remarks>
internal sealed class SessionOpener(IAccessTokenIssuer tokens, ISessionStore sessions, IApplicationDbContext db, AuthenticationOptions options)
{
    public async Task<Result<AccessTokenDto>> OpenAsync(User user, string? ipAddress, string? userAgent, Guid? familyId, CancellationToken cancellationToken)
    {
        var token = tokens.Issue(user);
        await sessions.CreateAsync(
            new SessionDescriptor(token.Jti, user.Id, token.IssuedAt, token.ExpiresAt, ipAddress, userAgent, SessionBinding.Hash(token.Token)), cancellationToken);

        // Flush this command's own changes to the user first, so that only changes made by others can differ.
        await db.SaveChangesAsync(cancellationToken);
        if (!await StillAsIssuedAsync(user, cancellationToken))
        {
            await sessions.RevokeAsync(token.Jti, cancellationToken);
            return AuthErrors.AccountChanged;
        }

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

    /// <summary>
    /// Claims the user's row if, and only if, what <paramref name="user"/> was issued with still holds (a
    /// no-op update under a compare on every field the token and the sign-in relied on).
    /// </summary>
    private async Task<bool> StillAsIssuedAsync(User user, CancellationToken cancellationToken)
    {
        var role = user.Role;
        var mustChangePassword = user.MustChangePassword;
        var mfaEnabled = user.MfaEnabled;
        var passwordHash = user.PasswordHash;
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && u.IsActive && u.Role == role && u.MustChangePassword == mustChangePassword
                && u.MfaEnabled == mfaEnabled && u.PasswordHash == passwordHash)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.Role, u => u.Role), cancellationToken);
        return claimed == 1;
    }
}
