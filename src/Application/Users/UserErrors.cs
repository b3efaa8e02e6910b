using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Users;

public static class UserErrors
{
    public const string TargetType = "user";

    public static readonly Error EmailTaken =
        Error.Conflict("users.email_taken", "Another user already has this e-mail address.");

    public static readonly Error CannotDemoteOrDeactivateSelf =
        Error.Unprocessable("users.self_lockout", "You cannot deactivate yourself or remove your own ADMIN role.");

    public static readonly Error PrivilegedAccountNeedsUsersAdmin =
        Error.Forbidden("users.privileged_account_needs_users_admin", "This API key may only manage AGENTE accounts: ADMIN and SUPERVISOR accounts need the users:admin scope.");

    public static readonly Error LastAdmin =
        Error.Conflict("users.last_admin", "At least one active ADMIN must remain.");
}
