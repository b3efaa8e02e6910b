using Microsoft.EntityFrameworkCore;
using WhatsSuite.Domain.ApiKeys;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Sessions;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>The persistence port: the aggregates' sets. The provider (PostgreSQL or SQLite) stays in Infrastructure.</summary>
public interface IApplicationDbContext
{
    DbSet<User> Users { get; }

    DbSet<UserSession> UserSessions { get; }

    DbSet<RefreshToken> RefreshTokens { get; }

    DbSet<ApiKey> ApiKeys { get; }

    DbSet<Queue> Queues { get; }

    DbSet<AuditLog> AuditLogs { get; }

    DbSet<AuthEvent> AuthEvents { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
