using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.ApiKeys.CreateApiKey;

/// <summary>
/// Creates an API key for an integration. The answer is the only time the key itself is shown. The
/// <c>users:admin</c> scope (reaching ADMIN and SUPERVISOR accounts) can only be given by an ADMIN whose
/// session was opened with MFA, and only together with <c>users:write</c>.
/// </summary>
[RequireRole(Domain.Users.Role.ADMIN)]
public sealed record CreateApiKeyCommand(string Name, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt) : ICommand<Result<CreatedApiKeyDto>>;

/// <summary>The new key (shown once) and its description.</summary>
public sealed record CreatedApiKeyDto(string Key, ApiKeyDto ApiKey)
{
    public override string ToString() => $"{nameof(CreatedApiKeyDto)} {{ Id = {ApiKey.Id} }}";
}
