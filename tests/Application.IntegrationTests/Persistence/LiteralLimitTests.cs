using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Persistence.Query;

namespace WhatsSuite.Application.IntegrationTests.Persistence;

/// <summary>
/// A page size taken with <see cref="LiteralLimit.TakeLiteral{T}"/> is a literal of the SQL (ADR 0051) and each size's
/// SQL is generated once: EF Core caches the compiled query and its SQL, as it does for a query with parameters. Each
/// context here has a cache of its own, so that what a query adds to it can be counted.
/// </summary>
public sealed class LiteralLimitTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    [Fact]
    public async Task TakeLiteral_OnPostgres_WritesTheLimitAsALiteral()
    {
        await using var db = Postgres(new MemoryCache(new MemoryCacheOptions()));

        var sql = db.Contacts.OrderBy(c => c.Id).TakeLiteral(51).ToQueryString();

        Assert.EndsWith("LIMIT 51", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("@", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("$", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakeLiteral_RunAgainOnPostgres_ReusesItsCachedSql()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        await using var db = Postgres(cache);

        await db.Contacts.CountAsync();
        var before = cache.Count;

        await db.Contacts.OrderBy(c => c.Id).TakeLiteral(3).ToListAsync();
        var once = cache.Count - before;
        await db.Contacts.OrderBy(c => c.Id).TakeLiteral(3).ToListAsync();
        var twice = cache.Count - before;
        await db.Contacts.OrderBy(c => c.Id).TakeLiteral(4).ToListAsync();

        // The compiled query and its SQL; a limit inlined after the cache (EF.Constant) left the SQL out and wrote it anew
        // on every run.
        Assert.Equal((2, 2, 4), (once, twice, cache.Count - before));
    }

    [Fact]
    public async Task TakeLiteral_OnSqlite_WritesTheLimitAsALiteralAndCachesItsSql()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite("Data Source=unused.db").UseLiteralLimits().UseMemoryCache(cache).Options);

        _ = db.Contacts.Where(c => c.OptedOut).ToQueryString();
        var before = cache.Count;

        var first = db.Contacts.OrderBy(c => c.Id).TakeLiteral(51).ToQueryString();
        var added = cache.Count - before;
        var again = db.Contacts.OrderBy(c => c.Id).TakeLiteral(51).ToQueryString();

        Assert.EndsWith("LIMIT 51", first, StringComparison.Ordinal);
        Assert.DoesNotContain("@", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.Equal((2, 2), (added, cache.Count - before));
    }

    [Fact]
    public async Task TakeLiteral_OnTheProductsContext_WritesTheLimitAsALiteral()
    {
        var sql = await fixture.QueryAsync(db => Task.FromResult(db.Conversations.OrderBy(c => c.Id).TakeLiteral(26).ToQueryString()));

        Assert.EndsWith("LIMIT 26", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("@", sql, StringComparison.Ordinal);
    }

    private PostgresAppDbContext Postgres(IMemoryCache cache) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(fixture.Database.ConnectionString).UseLiteralLimits().UseMemoryCache(cache).Options);
}
