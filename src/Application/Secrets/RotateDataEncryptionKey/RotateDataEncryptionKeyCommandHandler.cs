using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Secrets.RotateDataEncryptionKey;

/// <summary>The encrypted columns today: <c>users.mfa_secret</c>. Add new encrypted columns here.</summary>
internal sealed class RotateDataEncryptionKeyCommandHandler(IApplicationDbContext db, ISecretProtector protector)
    : ICommandHandler<RotateDataEncryptionKeyCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(RotateDataEncryptionKeyCommand command, CancellationToken cancellationToken)
    {
        var rotated = 0;
        var users = await db.Users.Where(u => u.MfaSecret != null).ToListAsync(cancellationToken);
        foreach (var user in users)
        {
            if (!protector.IsProtectedWithCurrentKey(user.MfaSecret!))
            {
                user.ReplaceProtectedMfaSecret(protector.Protect(protector.Unprotect(user.MfaSecret!)));
                rotated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return rotated;
    }
}
