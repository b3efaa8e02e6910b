using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.ApiKeys;

/// <summary>Errors of the API key use cases.</summary>
public static class ApiKeyErrors
{
    public static readonly Error UsersAdminNeedsMfa =
        Error.Forbidden("api_keys.users_admin_requires_mfa", "Only an ADMIN signed in with multi-factor authentication can give a key the users:admin scope.");

    public static Error NotFound(Guid id) =>
        Error.NotFound("api_keys.not_found", $"API key '{id}' does not exist.");
}
