using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Secrets.RotateDataEncryptionKey;

/// <summary>
/// The encrypted columns today: <c>users.mfa_secret</c> and the three secrets of every connection
/// (deleted ones included: <c>access_token_protected</c>, <c>app_secret_protected</c>,
/// <c>webhook_verify_token_protected</c>). Add new encrypted columns here.
/// </summary>
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

        var connections = await db.Connections.ToListAsync(cancellationToken);
        foreach (var connection in connections)
        {
            string[] values = [connection.AccessTokenProtected, connection.AppSecretProtected, connection.WebhookVerifyTokenProtected];
            var stale = values.Count(v => !protector.IsProtectedWithCurrentKey(v));
            if (stale > 0)
            {
                var current = values.Select(v => protector.IsProtectedWithCurrentKey(v) ? v : protector.Protect(protector.Unprotect(v))).ToArray();
                connection.ReprotectSecrets(current[0], current[1], current[2]);
                rotated += stale;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return rotated;
    }
}
