using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.ApiKeys.ListApiKeys;

/// <summary>Every API key, newest first, with its scopes and last use; never the keys themselves.</summary>
[RequireRole(Domain.Users.Role.ADMIN)]
public sealed record ListApiKeysQuery : IQuery<Result<IReadOnlyList<ApiKeyDto>>>;
