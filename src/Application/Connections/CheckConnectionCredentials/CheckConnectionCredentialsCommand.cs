using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.CheckConnectionCredentials;

/// <summary>
/// Asks WhatsApp whether the connection's access token can use its phone number id, and records the
/// answer: a refused token marks the connection <c>invalid_credentials</c>, an accepted one clears it.
/// When WhatsApp could not be reached the status is left as it was.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
[WithoutTransaction]
public sealed record CheckConnectionCredentialsCommand(Guid Id) : ICommand<Result<CredentialsCheckDto>>, IAuditTarget
{
    public string AuditTargetType => ConnectionErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}

/// <summary>The outcome of a credentials check and the connection's status afterwards.</summary>
public sealed record CredentialsCheckDto(bool Valid, string? ErrorCode, string? ErrorTitle, string? VerifiedName, string? DisplayPhoneNumber, ConnectionStatus Status);
