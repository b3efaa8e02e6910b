using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Common;

namespace WhatsSuite.Application.Connections.CheckConnectionCredentials;

internal sealed class CheckConnectionCredentialsCommandHandler(
    IApplicationDbContext db,
    ISecretProtector protector,
    IWhatsAppGatewayResolver gateways,
    TimeProvider clock) : ICommandHandler<CheckConnectionCredentialsCommand, Result<CredentialsCheckDto>>
{

    public async ValueTask<Result<CredentialsCheckDto>> Handle(CheckConnectionCredentialsCommand command, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == command.Id && c.DeletedAt == null, cancellationToken);
        if (connection is null)
        {
            return ConnectionErrors.NotFound(command.Id);
        }

        var credentials = new GatewayCredentials(
            connection.Id, connection.PhoneNumberId, connection.WabaId, connection.DisplayNumber, protector.Unprotect(connection.AccessTokenProtected));
        var result = await gateways.For(connection.Provider).CheckCredentialsAsync(credentials, cancellationToken);
        if (result.Valid || !GatewayErrorCodes.IsUnavailable(result.ErrorCode))
        {
            connection.RecordCredentialsCheck(result.Valid, result.Valid ? null : Reason(result), clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        return new CredentialsCheckDto(result.Valid, result.ErrorCode, result.ErrorTitle, result.VerifiedName, result.DisplayPhoneNumber, connection.Status);
    }

    private static string Reason(CredentialsCheckResult result)
    {
        var reason = result.ErrorTitle is { Length: > 0 } title ? $"{result.ErrorCode ?? "error"}: {title}" : result.ErrorCode ?? "credentials_check_failed";
        return TextLimit.Cut(reason, Domain.Connections.Connection.MaxStatusReasonLength);
    }
}
