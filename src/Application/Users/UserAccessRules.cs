using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users;

/// <summary>
/// Guards against locking everybody out: an admin cannot deactivate or demote themself, and the last
/// active ADMIN stays an active ADMIN.
/// </summary>
internal static class UserAccessRules
{
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
