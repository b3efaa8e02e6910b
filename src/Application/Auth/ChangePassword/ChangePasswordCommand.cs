using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.ChangePassword;

/// <summary>
/// Changes the caller's password. Every session of the user ends, including the current one, and the
/// answer carries a fresh access token for the caller.
/// </summary>
[RequireRole]
[AllowWhilePasswordChangeRequired]
[AllowWhileMfaEnrollmentRequired]
public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : ICommand<Result<AccessTokenDto>>
{
    public override string ToString() => nameof(ChangePasswordCommand);
}
