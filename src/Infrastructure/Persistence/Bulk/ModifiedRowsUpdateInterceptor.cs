using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Infrastructure.Persistence.Bulk;

/// <summary>
/// Server mode, inside a transaction: the rows of a hot entity (<see cref="Entities"/>) that a save modifies in the
/// same columns are written with one <c>UPDATE … FROM unnest(…)</c> per set of columns instead of one <c>UPDATE</c>
/// command each (ADR 0072). A batch of 500 webhook deliveries touches some 430 conversations, each a command of its own
/// through EF Core. The statement is all or nothing, under the entity's concurrency tokens: it locks the rows whose
/// tokens still hold the values read (in key order, as EF Core's commands would), and changes them only when every row
/// of the set was found so. When one was changed meanwhile, nothing is written here and the rows stay for EF Core, whose
/// own commands then fail with the usual <see cref="DbUpdateConcurrencyException"/> naming the entries. Written rows
/// become unchanged, their new values accepted as the original ones. A single row, a row whose owned part changes, and
/// SQLite are left to EF Core. Runs after the desk's capture has seen the save (registered after
/// <c>DeskChangeInterceptor</c>).
/// </summary>
internal sealed class ModifiedRowsUpdateInterceptor : SaveChangesInterceptor
{
    public static readonly ModifiedRowsUpdateInterceptor Instance = new();

    /// <summary>The entities whose modified rows are written set-wise: those a webhook batch changes by the hundred.</summary>
    internal static readonly IReadOnlySet<Type> Entities = new HashSet<Type> { typeof(Conversation) };

    /// <summary>Fewer rows of one set of columns go through EF Core: one command is one command either way.</summary>
    internal const int MinimumRows = 2;

    private static readonly ConcurrentDictionary<(IEntityType Entity, string Columns), Statement> Statements = new();

    private ModifiedRowsUpdateInterceptor()
    {
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is PostgresAppDbContext db && db.Database.CurrentTransaction is not null)
        {
            await UpdateAsync(db, cancellationToken);
        }

        return result;
    }

    private static async Task UpdateAsync(PostgresAppDbContext db, CancellationToken cancellationToken)
    {
        var sets = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Modified && Entities.Contains(e.Metadata.ClrType) && !e.Metadata.HasSharedClrType && OwnedPartsUnchanged(e))
            .GroupBy(e => (e.Metadata, Columns: string.Join(',', e.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name))))
            .Where(g => g.Count() >= MinimumRows && g.Key.Columns.Length > 0)
            .ToList();
        foreach (var set in sets)
        {
            var statement = Statements.GetOrAdd((set.Key.Metadata, set.Key.Columns), key => Statement.Create(key.Entity, key.Columns.Split(',')));
            var rows = set.ToList();
            int written;
            try
            {
                written = await statement.ExecuteAsync(db.Database, rows, cancellationToken);
            }
            catch (PostgresException exception)
            {
                throw new DbUpdateException($"An error occurred while updating the modified {set.Key.Metadata.DisplayName()} rows.", exception);
            }

            if (written != rows.Count)
            {
                // A row changed since it was read: nothing was written, EF Core's own commands report the conflict.
                continue;
            }

            foreach (var row in rows)
            {
                row.OriginalValues.SetValues(row.CurrentValues);
                row.State = EntityState.Unchanged;
            }
        }
    }

    /// <summary>Whether the row's owned parts (stored in its table) are as read: a changed one is left to EF Core with its owner.</summary>
    private static bool OwnedPartsUnchanged(EntityEntry entry) =>
        entry.References.All(r => !r.Metadata.TargetEntityType.IsOwned() || r.TargetEntry is null || r.TargetEntry.State == EntityState.Unchanged);

    /// <summary>The statement for one entity and one set of modified columns, and how to read its parameters off the rows.</summary>
    private sealed record Statement(string Sql, IReadOnlyList<Parameter> Parameters)
    {
        public static Statement Create(IEntityType entity, string[] modified)
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var key = entity.FindPrimaryKey()!.Properties;
            var tokens = entity.GetProperties().Where(p => p.IsConcurrencyToken).ToList();
            var parameters = new List<Parameter>();
            parameters.AddRange(key.Select(p => Parameter.Of(p, table, "k", original: true)));
            parameters.AddRange(tokens.Select(p => Parameter.Of(p, table, "t", original: true)));
            parameters.AddRange(modified.Select(name => Parameter.Of(entity.FindProperty(name)!, table, "v", original: false)));

            var target = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
            var matches = string.Join(" AND ", parameters.Where(p => p.Role != "v").Select(p => $"r.{Quote(p.Column)} = v.{p.Alias}"));
            var keyColumns = string.Join(", ", key.Select(p => $"r.{Quote(p.GetColumnName(table)!)}"));

            // v: the rows' keys, tokens as read and new values; held: the rows still as read, locked in key order; the
            // UPDATE writes only when every row was held (the CTEs are materialized: the locks are taken once).
            var sql = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"WITH v AS MATERIALIZED (SELECT * FROM unnest({string.Join(", ", parameters.Select((_, i) => $"@p{i}"))}) AS v({string.Join(", ", parameters.Select(p => p.Alias))})),\n")
                .Append(CultureInfo.InvariantCulture, $"held AS MATERIALIZED (SELECT {keyColumns} FROM {target} AS r JOIN v ON {matches} ORDER BY {keyColumns} FOR UPDATE OF r),\n")
                .Append(CultureInfo.InvariantCulture, $"whole AS MATERIALIZED (SELECT count(*) = @rows AS ok FROM held)\n")
                .Append(CultureInfo.InvariantCulture, $"UPDATE {target} AS r SET {string.Join(", ", parameters.Where(p => p.Role == "v").Select(p => $"{Quote(p.Column)} = v.{p.Alias}"))}\n")
                .Append(CultureInfo.InvariantCulture, $"FROM v, whole WHERE whole.ok AND {matches}")
                .ToString();
            return new Statement(sql, parameters);
        }

        /// <summary>Answers how many rows were written: all of them, or none when one of them no longer holds its tokens' values.</summary>
        public Task<int> ExecuteAsync(DatabaseFacade database, List<EntityEntry> rows, CancellationToken cancellationToken)
        {
            var values = Parameters.Select((p, i) => (object)p.Values(rows, $"p{i}")).Append(new NpgsqlParameter<long>("rows", rows.Count));
            return database.ExecuteSqlRawAsync(Sql, values, cancellationToken);
        }

        private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary>One column's values for every row, as an array parameter of the column's store type.</summary>
    private sealed record Parameter(IProperty Property, string Column, string Role, string Alias, bool Original)
    {
        public static Parameter Of(IProperty property, StoreObjectIdentifier table, string role, bool original)
        {
            var column = property.GetColumnName(table) ?? throw new InvalidOperationException($"{property.Name} has no column in {table.Name}.");
            return new Parameter(property, column, role, $"\"{role}_{column.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", original);
        }

        public NpgsqlParameter Values(List<EntityEntry> rows, string name)
        {
            var mapping = Property.GetRelationalTypeMapping();
            var converter = mapping.Converter;
            var type = converter?.ProviderClrType ?? Property.ClrType;
            var element = type.IsValueType && Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;
            var values = Array.CreateInstance(element, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var property = rows[i].Property(Property);
                var value = Original ? property.OriginalValue : property.CurrentValue;
                values.SetValue(value is not null && converter is not null ? converter.ConvertToProvider(value) : value, i);
            }

            // The column's type without its size: character varying(16) is sent as character varying.
            return new NpgsqlParameter { ParameterName = name, Value = values, DataTypeName = mapping.StoreType.Split('(')[0].Trim() + "[]" };
        }
    }
}
