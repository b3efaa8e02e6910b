using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// Turns a row of an embedded SQLite table into the JSON object of the archive format (ADR 0033, 0044) and back, column
/// by column from the EF model: a timestamp (stored as a sortable number) becomes an ISO 8601 string, a UUID (stored
/// as upper-case text) a lower-case string, a boolean (0/1) <c>true</c>/<c>false</c>, a blob base64; every other value
/// (text, integer, real, null) is kept as SQLite holds it. The conversion back gives exactly the stored value, so a
/// restored row equals the archived one column by column, and an archive reads like PostgreSQL's <c>row_to_json</c>.
/// </summary>
internal sealed class SqliteRowCodec
{
    private readonly Dictionary<string, (Kind Kind, ValueConverter? Converter)> _columns;

    private SqliteRowCodec(string table, Dictionary<string, (Kind, ValueConverter?)> columns) => (Table, _columns) = (table, columns);

    private enum Kind
    {
        Raw,
        Instant,
        Uuid,
        Boolean,
        Blob,
    }

    public string Table { get; }

    public static SqliteRowCodec For(AppDbContext db, string table)
    {
        ArgumentNullException.ThrowIfNull(db);
        var mapped = db.Model.GetRelationalModel().FindTable(table, null) ?? throw new InvalidOperationException($"'{table}' is not a mapped table.");
        var columns = new Dictionary<string, (Kind, ValueConverter?)>(StringComparer.Ordinal);
        foreach (var column in mapped.Columns)
        {
            var mapping = column.PropertyMappings[0];
            var type = Nullable.GetUnderlyingType(mapping.Property.ClrType) ?? mapping.Property.ClrType;
            var kind = type == typeof(DateTimeOffset) ? Kind.Instant
                : type == typeof(Guid) ? Kind.Uuid
                : type == typeof(bool) ? Kind.Boolean
                : type == typeof(byte[]) ? Kind.Blob
                : Kind.Raw;
            columns[column.Name] = (kind, mapping.TypeMapping.Converter);
        }

        return new SqliteRowCodec(table, columns);
    }

    /// <summary>The stored form of an instant in <paramref name="column"/> (for range conditions on the table's time column).</summary>
    public object Stored(string column, DateTimeOffset instant) =>
        _columns[column].Converter is { } converter ? converter.ConvertToProvider(instant)! : instant;

    /// <summary>The instant a stored value of <paramref name="column"/> stands for.</summary>
    public DateTimeOffset Instant(string column, object stored) =>
        _columns[column].Converter is { } converter ? (DateTimeOffset)converter.ConvertFromProvider(stored)! : DateTimeOffset.Parse((string)stored, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How SQLite stores a UUID of this model (upper-case text).</summary>
    public static string StoredUuid(Guid id) => id.ToString("D").ToUpperInvariant();

    /// <summary>The row the reader is on, from column <paramref name="first"/> on, as one JSON object.</summary>
    public string ToJson(SqliteDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = first; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i);
                writer.WritePropertyName(name);
                var value = reader.GetValue(i);
                var (kind, converter) = _columns.TryGetValue(name, out var column) ? column : (Kind.Raw, null);
                if (value is DBNull)
                {
                    writer.WriteNullValue();
                    continue;
                }

                switch (kind)
                {
                    case Kind.Instant when converter is not null:
                        writer.WriteStringValue((DateTimeOffset)converter.ConvertFromProvider(value)!);
                        break;
                    case Kind.Uuid when value is string text:
                        writer.WriteStringValue(Guid.Parse(text));
                        break;
                    case Kind.Boolean when value is long flag:
                        writer.WriteBooleanValue(flag != 0);
                        break;
                    default:
                        WriteRaw(writer, value);
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The stored value of <paramref name="column"/> that <paramref name="value"/> (from <see cref="ToJson"/>) stands for.</summary>
    public object FromJson(string column, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return DBNull.Value;
        }

        var (kind, converter) = _columns.TryGetValue(column, out var mapped) ? mapped : (Kind.Raw, null);
        return kind switch
        {
            Kind.Instant when converter is not null && value.ValueKind == JsonValueKind.String => converter.ConvertToProvider(value.GetDateTimeOffset())!,
            Kind.Uuid when value.ValueKind == JsonValueKind.String => StoredUuid(value.GetGuid()),
            Kind.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean() ? 1L : 0L,
            Kind.Blob when value.ValueKind == JsonValueKind.String => value.GetBytesFromBase64(),
            _ => value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer : value.GetDouble(),
                JsonValueKind.True => 1L,
                JsonValueKind.False => 0L,
                _ => value.GetRawText(),
            },
        };
    }

    private static void WriteRaw(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case long integer:
                writer.WriteNumberValue(integer);
                break;
            case double real:
                writer.WriteNumberValue(real);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}

/// <summary>Puts rows of the archive format back into an embedded SQLite table (restoring, or undoing a failed archival).</summary>
#pragma warning disable CA2100 // Table and column names come from the EF model and the archive's own rows, checked against the table's columns.
internal static class SqliteRowInserts
{
    /// <summary>Inserts each row unless a row with its key is live (<c>INSERT OR IGNORE</c>); answers how many were inserted.</summary>
    public static async Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, SqliteRowCodec codec, IEnumerable<JsonElement> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var columns = await ColumnsAsync(connection, transaction, codec.Table, cancellationToken);
        var commands = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        long inserted = 0;
        try
        {
            foreach (var row in rows)
            {
                var names = row.EnumerateObject().Select(p => p.Name).Where(columns.Contains).ToList();
                var shape = string.Join(',', names);
                if (!commands.TryGetValue(shape, out var command))
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = $"INSERT OR IGNORE INTO \"{codec.Table}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", names.Select((_, i) => $"@p{i}"))})";
                    for (var i = 0; i < names.Count; i++)
                    {
                        command.Parameters.Add(new SqliteParameter($"@p{i}", null));
                    }

                    commands[shape] = command;
                }

                for (var i = 0; i < names.Count; i++)
                {
                    command.Parameters[i].Value = codec.FromJson(names[i], row.GetProperty(names[i]));
                }

                inserted += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync();
            }
        }

        return inserted;
    }

    private static async Task<HashSet<string>> ColumnsAsync(SqliteConnection connection, SqliteTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM pragma_table_info(@table)";
        command.Parameters.AddWithValue("@table", table);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}
#pragma warning restore CA2100
