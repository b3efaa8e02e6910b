using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;

namespace WhatsSuite.Application.Auth.EnrollMfa;

internal sealed class EnrollMfaCommandHandler(
    IApplicationDbContext db,
    ITotpService totp,
    ISecretProtector protector,
    ActorContext actorContext,
    AuditScope auditScope,
    TimeProvider clock) : ICommandHandler<EnrollMfaCommand, Result<MfaEnrollmentDto>>
{
    public const string Issuer = "WhatsSuite";

    public async ValueTask<Result<MfaEnrollmentDto>> Handle(EnrollMfaCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.FindAsync([actorContext.Current.UserId], cancellationToken);
        if (user is null || !user.IsActive)
        {
            return Errors.Unauthenticated;
        }

        auditScope.SetTarget(UserErrors.TargetType, user.Id.ToString());
        if (user.MfaEnabled)
        {
            return MfaErrors.AlreadyEnabled;
        }

        var secret = totp.GenerateSecret();
        user.BeginMfaEnrollment(protector.Protect(secret), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        var uri = $"otpauth://totp/{Issuer}:{Uri.EscapeDataString(user.Email)}?secret={secret}&issuer={Issuer}";
        return new MfaEnrollmentDto(secret, uri);
    }
}
