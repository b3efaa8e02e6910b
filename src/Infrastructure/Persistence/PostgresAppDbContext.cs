using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace WhatsSuite.Infrastructure.Persistence;

/// <summary>Server mode: PostgreSQL through Npgsql. Migrations in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override bool IsUniqueViolation(DbUpdateException exception) =>
        exception?.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
