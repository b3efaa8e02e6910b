using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Persistence.Bulk;

/// <summary>
/// Server mode: the rows go to the table with one binary <c>COPY</c> on the context's connection, so they join the
/// command's transaction. Columns, value conversions (enums stored as text, ...) and store types come from the EF
/// model, so the rows are stored exactly as <c>SaveChanges</c> would store them.
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
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => new Column(p, p.GetColumnName(table)!, p.GetRelationalTypeMapping()))
            .ToList();
        var target = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        var copy = $"COPY {target} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                foreach (var column in columns)
                {
                    var value = column.Property.GetGetter().GetClrValue(row);
                    if (value is not null && column.Mapping.Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    if (value is null)
                    {
                        await writer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await writer.WriteAsync(value, column.DataTypeName, cancellationToken);
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private sealed record Column(IProperty Property, string Name, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping Mapping)
    {
        /// <summary>The column's type without its size (<c>character varying(64)</c> is written as <c>character varying</c>).</summary>
        public string DataTypeName { get; } = Mapping.StoreType.Split('(')[0].Trim();
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
