using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Persistence.Bulk;

/// <summary>
/// Server mode: the rows go to the table with one binary <c>COPY</c> (<see cref="PostgresCopy"/>) on the context's
/// connection, so they join the command's transaction and are stored exactly as <c>SaveChanges</c> would store them.
/// </summary>
internal sealed class PostgresBulkInserter(AppDbContext db) : IBulkInserter
{
    public async Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity of the model.");
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await PostgresCopy.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), PostgresCopy.For(entity), rows, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>Embedded mode: SQLite has no COPY; the rows are inserted through the context, then no longer tracked.</summary>
internal sealed class EfBulkInserter(AppDbContext db) : IBulkInserter
{
    public async Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        var set = db.Set<T>();
        set.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows)
        {
            set.Entry(row).State = EntityState.Detached;
        }
    }
}
