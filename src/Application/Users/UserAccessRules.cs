using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users;

/// <summary>
/// Guards against locking everybody out: an admin cannot deactivate or demote themself, and the last
/// active ADMIN stays an active ADMIN. Guards against escalation through API keys: a key reaches ADMIN and
/// SUPERVISOR accounts only with <see cref="Scopes.UsersAdmin"/>.
/// </summary>
internal static class UserAccessRules
{
    /// <summary>The reason written to the audit trail when a key without <see cref="Scopes.UsersAdmin"/> reaches for a privileged account.</summary>
    public const string PrivilegedAccountNeedsUsersAdmin = "privileged_account_needs_users_admin";

    /// <summary>
    /// Null when the actor may act on an account whose role is (or becomes) each of <paramref name="roles"/>.
    /// Users are governed by their role (the message's rule); an API key needs <see cref="Scopes.UsersAdmin"/>
    /// as soon as one of the roles is ADMIN or SUPERVISOR, so a <c>users:write</c> key provisions agents only
    /// and cannot create or promote an account that would hold more than the key was given.
    /// </summary>
    /// <remarks>A refusal turns the command's audit row into <c>denied</c> with <see cref="PrivilegedAccountNeedsUsersAdmin"/>.</remarks>
    public static Error? CheckApiKeyReach(Actor actor, AuditScope auditScope, params Role[] roles)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(auditScope);
        ArgumentNullException.ThrowIfNull(roles);
        if (actor.Kind != ActorKind.ApiKey || actor.Scopes.Contains(Scopes.UsersAdmin) || roles.All(r => r == Role.AGENTE))
        {
            return null;
        }

        auditScope.Deny(PrivilegedAccountNeedsUsersAdmin);
        return UserErrors.PrivilegedAccountNeedsUsersAdmin;
    }

    public static async Task<Error?> CheckAsync(IApplicationDbContext db, Actor actor, User user, Role newRole, bool newActive, CancellationToken cancellationToken)
    {
        var losesAdmin = user.Role == Role.ADMIN && user.IsActive && (newRole != Role.ADMIN || !newActive);
        if (!losesAdmin)
        {
            return null;
        }

        if (actor.UserId == user.Id)
        {
            return UserErrors.CannotDemoteOrDeactivateSelf;
        }

        var otherActiveAdmins = await db.Users.CountAsync(u => u.Role == Role.ADMIN && u.IsActive && u.Id != user.Id, cancellationToken);
        return otherActiveAdmins == 0 ? UserErrors.LastAdmin : null;
    }
}
