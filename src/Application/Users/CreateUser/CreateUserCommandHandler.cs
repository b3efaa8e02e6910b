using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.CreateUser;

internal sealed class CreateUserCommandHandler(IApplicationDbContext db, IPasswordHasher hasher, TimeProvider clock, AuditScope auditScope, ActorContext actorContext)
    : ICommandHandler<CreateUserCommand, Result<UserDto>>
{
    public async ValueTask<Result<UserDto>> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        if (UserAccessRules.CheckApiKeyReach(actorContext.Current, auditScope, command.Role) is { } beyondKey)
        {
            return beyondKey;
        }

        var normalized = User.NormalizeEmail(command.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            return UserErrors.EmailTaken;
        }

        var user = User.Create(command.Email, command.FullName, command.Role, hasher.Hash(command.Password), mustChangePassword: true, clock.GetUtcNow());
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            // Another request created the same e-mail between the check above and this save.
            return UserErrors.EmailTaken;
        }

        auditScope.SetTarget(UserErrors.TargetType, user.Id.ToString());
        return user.ToDto();
    }
}
