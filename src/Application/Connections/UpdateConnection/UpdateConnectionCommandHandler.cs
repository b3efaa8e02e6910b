using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Connections.UpdateConnection;

internal sealed class UpdateConnectionCommandHandler(
    IApplicationDbContext db, ISecretProtector protector, ActorContext actorContext, AuditScope auditScope, IConnectionSecretCache secretCache, TimeProvider clock)
    : ICommandHandler<UpdateConnectionCommand, Result<ConnectionDto>>
{
    public async ValueTask<Result<ConnectionDto>> Handle(UpdateConnectionCommand command, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == command.Id && c.DeletedAt == null, cancellationToken);
        if (connection is null)
        {
            return ConnectionErrors.NotFound(command.Id);
        }

        if (ChangesCredentials(connection, command) && !ConnectionCredentialAccess.Allows(actorContext.Current))
        {
            auditScope.Deny(ConnectionCredentialAccess.DenialReason);
            return ConnectionErrors.CredentialsAdminOnly;
        }

        if (await ConnectionUniqueness.CheckAsync(db, command.Name, command.PhoneNumberId, connection.Id, cancellationToken) is { } taken)
        {
            return taken;
        }

        var now = clock.GetUtcNow();
        var metaAppId = ConnectionApps.Normalize(command.MetaAppId);
        if (metaAppId is not null && command.AppSecret is null && metaAppId != connection.MetaAppId
            && await ConnectionApps.SharedSecretAsync(db, protector, metaAppId, connection.Id, cancellationToken) is { } shared
            && !ConnectionApps.SameSecret(protector.Unprotect(connection.AppSecretProtected), shared))
        {
            return ConnectionErrors.AppSecretMismatch;
        }

        PhoneNumber.TryNormalize(command.DisplayNumber, out var displayNumber);
        connection.Update(command.Name, command.PhoneNumberId, command.WabaId, displayNumber, command.SendRateLimitPerSecond!.Value, now);
        connection.AssignMetaApp(metaAppId, now);
        if (command.AccessToken is not null)
        {
            connection.ReplaceAccessToken(protector.Protect(command.AccessToken), now);
        }

        var sharedWith = new List<Guid>();
        if (command.AppSecret is not null)
        {
            connection.ReplaceAppSecret(protector.Protect(command.AppSecret), now);
            if (metaAppId is not null)
            {
                // The app's secret changed in Meta: every number of the app is signed with the new one.
                sharedWith = await ConnectionApps.ShareSecretAsync(db, protector, metaAppId, connection.Id, command.AppSecret, now, cancellationToken);
            }
        }

        if (command.Enabled!.Value)
        {
            connection.Enable(now);
        }
        else if (connection.Status != ConnectionStatus.Disabled)
        {
            connection.Disable(now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            return ConnectionErrors.NameOrPhoneNumberIdTaken;
        }

        secretCache.Invalidate(connection.Id);
        foreach (var other in sharedWith)
        {
            secretCache.Invalidate(other);
        }

        return (await ConnectionReader.ReadAsync(db, protector, actorContext.Current, connection.Id, cancellationToken))!;
    }

    /// <summary>A new secret, or ids other than the stored ones (compared as the connection stores them).</summary>
    private static bool ChangesCredentials(Connection connection, UpdateConnectionCommand command) =>
        command.AccessToken is not null
        || command.AppSecret is not null
        || !string.Equals(command.PhoneNumberId.Trim(), connection.PhoneNumberId, StringComparison.Ordinal)
        || !string.Equals(string.IsNullOrWhiteSpace(command.WabaId) ? null : command.WabaId.Trim(), connection.WabaId, StringComparison.Ordinal)
        || !string.Equals(ConnectionApps.Normalize(command.MetaAppId), connection.MetaAppId, StringComparison.Ordinal);
}
