using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users.EnsureAdmin;

internal sealed class EnsureAdminCommandHandler(IApplicationDbContext db, IPasswordHasher hasher, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<EnsureAdminCommand, Result<EnsureAdminResult>>
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!";

    public async ValueTask<Result<EnsureAdminResult>> Handle(EnsureAdminCommand command, CancellationToken cancellationToken)
    {
        var email = User.NormalizeEmail(command.Email);
        var existing = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == email).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        if (existing is { } existingId)
        {
            return new EnsureAdminResult(false, existingId, null);
        }

        var generated = command.Password is null ? RandomNumberGenerator.GetString(PasswordAlphabet, 24) : null;
        var admin = User.Create(command.Email, command.FullName, Role.ADMIN, hasher.Hash(command.Password ?? generated!), mustChangePassword: true, clock.GetUtcNow());
        db.Users.Add(admin);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            // Another instance seeded the same admin at the same moment.
            return UserErrors.EmailTaken;
        }

        auditScope.SetTarget(UserErrors.TargetType, admin.Id.ToString());
        return new EnsureAdminResult(true, admin.Id, generated);
    }
}
