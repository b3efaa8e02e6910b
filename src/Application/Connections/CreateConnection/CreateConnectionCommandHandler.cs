using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Connections.CreateConnection;

internal sealed class CreateConnectionCommandHandler(IApplicationDbContext db, ISecretProtector protector, ActorContext actorContext, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<CreateConnectionCommand, Result<ConnectionDto>>
{
    public async ValueTask<Result<ConnectionDto>> Handle(CreateConnectionCommand command, CancellationToken cancellationToken)
    {
        var provider = command.Provider!.Value;
        var phoneNumberId = string.IsNullOrWhiteSpace(command.PhoneNumberId) ? ConnectionSecrets.NewSandboxPhoneNumberId() : command.PhoneNumberId.Trim();
        if (await ConnectionUniqueness.CheckAsync(db, command.Name, phoneNumberId, null, cancellationToken) is { } taken)
        {
            return taken;
        }

        var metaAppId = ConnectionApps.Normalize(command.MetaAppId);
        var appSecret = command.AppSecret;
        if (metaAppId is not null)
        {
            var shared = await ConnectionApps.SharedSecretAsync(db, protector, metaAppId, null, cancellationToken);
            if (shared is not null && appSecret is not null && !ConnectionApps.SameSecret(appSecret, shared))
            {
                return ConnectionErrors.AppSecretMismatch;
            }

            appSecret ??= shared;
            if (appSecret is null && provider == ConnectionProvider.CloudApi)
            {
                return ConnectionErrors.AppSecretRequired;
            }
        }

        PhoneNumber.TryNormalize(command.DisplayNumber, out var displayNumber);
        var connection = Connection.Create(
            command.Name,
            provider,
            phoneNumberId,
            command.WabaId,
            displayNumber,
            protector.Protect(command.AccessToken ?? ConnectionSecrets.NewToken()),
            protector.Protect(appSecret ?? ConnectionSecrets.NewToken()),
            protector.Protect(ConnectionSecrets.NewToken()),
            command.SendRateLimitPerSecond ?? Connection.DefaultSendRateLimitPerSecond,
            clock.GetUtcNow());
        connection.AssignMetaApp(metaAppId, clock.GetUtcNow());
        db.Connections.Add(connection);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            // Taken by a concurrent request between the check and the save.
            return ConnectionErrors.NameOrPhoneNumberIdTaken;
        }

        auditScope.SetTarget(ConnectionErrors.TargetType, connection.Id.ToString());
        return (await ConnectionReader.ReadAsync(db, protector, actorContext.Current, connection.Id, cancellationToken))!;
    }
}
