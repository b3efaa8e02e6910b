using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Auth.RefreshAccessToken;

internal sealed class RefreshAccessTokenCommandHandler(
    IApplicationDbContext db,
    SessionOpener sessionOpener,
    ISessionTerminator sessionTerminator,
    IAuditTrail auditTrail,
    ActorContext actorContext,
    AuditScope auditScope,
    TimeProvider clock) : ICommandHandler<RefreshAccessTokenCommand, Result<AccessTokenDto>>
{
    public async ValueTask<Result<AccessTokenDto>> Handle(RefreshAccessTokenCommand command, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var now = clock.GetUtcNow();
        var hash = RefreshTokenCodec.Hash(command.RefreshToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null)
        {
            return AuthErrors.InvalidRefreshToken;
        }

        auditScope.SetTarget(UserErrors.TargetType, token.UserId.ToString());
        if (token.RevokedAt is null && token.ExpiresAt > now)
        {
            // Claim the token atomically: of two concurrent uses, only one can flip used_at.
            var claimed = await db.RefreshTokens
                .Where(t => t.Id == token.Id && t.UsedAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, now), cancellationToken);
            if (claimed == 1)
            {
                return await RotateAsync(token.UserId, token.FamilyId, token.SessionId, actor, cancellationToken);
            }
        }

        if (token.UsedAt is not null || (token.RevokedAt is null && token.ExpiresAt > now))
        {
            var ended = await sessionTerminator.EndFamilyAsync(token.FamilyId, cancellationToken);
            auditTrail.AddAuthEvent(new AuthEventEntry(
                AuthEventType.RefreshTokenReused, token.UserId, null, null, $"family_revoked:{token.FamilyId};sessions_ended:{ended}", actor.IpAddress, actor.UserAgent));
            return AuthErrors.RefreshTokenReused;
        }

        return AuthErrors.InvalidRefreshToken;
    }

    private async Task<Result<AccessTokenDto>> RotateAsync(Guid userId, Guid familyId, string previousSession, Actor actor, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || !user.IsActive)
        {
            await sessionTerminator.EndFamilyAsync(familyId, cancellationToken);
            return AuthErrors.InvalidRefreshToken;
        }

        var next = await sessionOpener.OpenAsync(user, actor.IpAddress, actor.UserAgent, familyId, cancellationToken);
        if (!next.IsSuccess)
        {
            // The user changed (role, MFA, password) while this refresh ran: the family predates the change.
            await sessionTerminator.EndFamilyAsync(familyId, cancellationToken);
            return AuthErrors.InvalidRefreshToken;
        }

        // The access token issued with the used refresh token is replaced by the new one.
        await sessionTerminator.EndSessionOnlyAsync(previousSession, cancellationToken);
        return next;
    }
}
