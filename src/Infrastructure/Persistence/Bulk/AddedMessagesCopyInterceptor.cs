using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Infrastructure.Persistence.Bulk;

/// <summary>
/// Server mode, inside a transaction: the messages a save adds go to <c>messages</c> with one binary <c>COPY</c> instead
/// of one <c>INSERT</c> command each (ADR 0071). A batch of 500 webhook deliveries stores 500 messages; through EF Core
/// each is a command of 37 parameters built, sent and parsed again, the largest share of the processor's allocations.
/// Runs after the desk's capture has seen the save (registered after <c>DeskChangeInterceptor</c>), before EF Core writes
/// the rest: the copied entries become unchanged, and the save's transaction commits or rolls them back with the rest.
/// A message whose conversation, media object or sender is added by the same save is left to EF Core, which orders its
/// INSERT after theirs. A unique index that refuses a row fails the save as EF Core's would (a
/// <see cref="DbUpdateException"/> around the <see cref="PostgresException"/>).
/// </summary>
internal sealed class AddedMessagesCopyInterceptor : SaveChangesInterceptor
{
    public static readonly AddedMessagesCopyInterceptor Instance = new();

    private static readonly ConcurrentDictionary<IEntityType, CopyPlan> Plans = new();

    private AddedMessagesCopyInterceptor()
    {
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is PostgresAppDbContext db && db.Database.CurrentTransaction is not null)
        {
            await CopyAsync(db, cancellationToken);
        }

        return result;
    }

    private static async Task CopyAsync(PostgresAppDbContext db, CancellationToken cancellationToken)
    {
        var tracker = db.ChangeTracker;
        var added = tracker.Entries<Message>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return;
        }

        var plan = Plans.GetOrAdd(added[0].Metadata, CopyPlan.For);
        var principals = plan.ForeignKeys.ToDictionary(
            fk => fk,
            fk => tracker.Entries().Where(e => e.State == EntityState.Added && e.Metadata == fk.PrincipalEntityType).Select(e => e.Property(fk.PrincipalKey.Properties[0].Name).CurrentValue).ToHashSet());
        var rows = added
            .Where(e => plan.ForeignKeys.All(fk => fk.Properties[0].GetGetter().GetClrValue(e.Entity) is not { } value || !principals[fk].Contains(value)))
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            await using var writer = await connection.BeginBinaryImportAsync(plan.Command, cancellationToken);
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                foreach (var column in plan.Columns)
                {
                    if (column.Read(row.Entity) is { } value)
                    {
                        await writer.WriteAsync(value, column.DataTypeName, cancellationToken);
                    }
                    else
                    {
                        await writer.WriteNullAsync(cancellationToken);
                    }
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }
        catch (PostgresException exception)
        {
            throw new DbUpdateException("An error occurred while copying the new messages.", exception);
        }

        // Stored: EF Core writes nothing more for them (their owned parts neither) and treats them as loaded.
        foreach (var row in rows)
        {
            row.State = EntityState.Unchanged;
            foreach (var owned in row.References.Where(r => r.Metadata.TargetEntityType.IsOwned() && r.TargetEntry is not null))
            {
                owned.TargetEntry!.State = EntityState.Unchanged;
            }
        }
    }

    /// <summary>The table's columns in the model's order, each with how to read its value off the entity as stored.</summary>
    private sealed record CopyPlan(string Command, IReadOnlyList<Column> Columns, IReadOnlyList<IForeignKey> ForeignKeys)
    {
        public static CopyPlan For(IEntityType entity)
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = new List<Column>();
            foreach (var property in entity.GetProperties())
            {
                columns.Add(Column.Of(property, table, owner => owner));
            }

            foreach (var navigation in entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection))
            {
                var getter = navigation.GetGetter();
                foreach (var property in navigation.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey()))
                {
                    columns.Add(Column.Of(property, table, owner => getter.GetClrValue(owner)));
                }
            }

            var target = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
            var command = $"COPY {target} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
            var foreignKeys = entity.GetForeignKeys().Where(fk => fk.Properties.Count == 1 && fk.PrincipalEntityType != entity && !fk.IsOwnership).ToList();
            return new CopyPlan(command, columns, foreignKeys);
        }

        private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    private sealed record Column(string Name, string DataTypeName, Func<object, object?> Read)
    {
        public static Column Of(IProperty property, StoreObjectIdentifier table, Func<object, object?> holder)
        {
            if (property.IsShadowProperty())
            {
                throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} is a shadow property: its value cannot be copied.");
            }

            var mapping = property.GetRelationalTypeMapping();
            var getter = property.GetGetter();
            var converter = mapping.Converter;
            return new Column(
                property.GetColumnName(table) ?? throw new InvalidOperationException($"{property.Name} has no column in {table.Name}."),
                // The column's type without its size: character varying(64) is written as character varying.
                mapping.StoreType.Split('(')[0].Trim(),
                owner =>
                {
                    var value = holder(owner) is { } instance ? getter.GetClrValue(instance) : null;
                    return value is not null && converter is not null ? converter.ConvertToProvider(value) : value;
                });
        }
    }
}
