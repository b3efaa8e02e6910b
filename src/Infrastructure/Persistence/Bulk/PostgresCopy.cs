using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace WhatsSuite.Infrastructure.Persistence.Bulk;

/// <summary>
/// Rows of an entity written to its table with one binary <c>COPY</c> on a connection (in its open transaction, if
/// any). Columns, value conversions (enums stored as text, ...) and store types come from the EF model, the columns of
/// owned types stored in the same table included, so the rows are stored exactly as <c>SaveChanges</c> would store
/// them. Used by <see cref="PostgresBulkInserter"/> and <see cref="AddedMessagesCopyInterceptor"/>.
/// </summary>
internal static class PostgresCopy
{
    private static readonly ConcurrentDictionary<IEntityType, Plan> Plans = new();

    /// <summary>The entity's copy: its <c>COPY</c> command and how to read each column's value off an entity.</summary>
    public static Plan For(IEntityType entity) => Plans.GetOrAdd(entity, Plan.Create);

    public static async Task WriteAsync(NpgsqlConnection connection, Plan plan, IEnumerable<object> rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(plan.Command, cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in plan.Columns)
            {
                if (column.Read(row) is { } value)
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

    internal sealed record Plan(string Command, IReadOnlyList<Column> Columns)
    {
        public static Plan Create(IEntityType entity)
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
            return new Plan($"COPY {target} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", columns);
        }

        private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    internal sealed record Column(string Name, string DataTypeName, Func<object, object?> Read)
    {
        /// <summary>A column of <paramref name="property"/>, whose value is read off what <paramref name="holder"/> gives for the row (the row itself, or an owned part of it).</summary>
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
                row =>
                {
                    var value = holder(row) is { } instance ? getter.GetClrValue(instance) : null;
                    return value is not null && converter is not null ? converter.ConvertToProvider(value) : value;
                });
        }
    }
}
