using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.ApiKeys.RevokeApiKey;

/// <summary>Revokes an API key: every request made with it is refused from now on.</summary>
[RequireRole(Domain.Users.Role.ADMIN)]
public sealed record RevokeApiKeyCommand(Guid Id) : ICommand<Result<ApiKeyDto>>, IAuditTarget
{
    public string AuditTargetType => "api_key";

    public string? AuditTargetId => Id.ToString();
}
