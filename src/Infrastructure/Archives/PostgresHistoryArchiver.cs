using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Archives;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// Archives one month of a PostgreSQL history table (ADR 0033): the partition is detached in a short transaction (so
/// nothing reads or writes it any more), its rows are written to a gzip file of JSON lines whose SHA-256 is recorded,
/// and the archive is recorded and the detached table dropped in a second short transaction. If writing or recording
/// fails, the table is attached again: the live data is as it was. Messages take the media objects that only they
/// referenced with them (rows into the archive, files moved under <c>archived/&lt;archive&gt;/</c> in the media store).
/// </summary>
/// <remarks>Table and partition names come from <see cref="PartitionedTables"/> and a month, never from input, so CA2100 does not apply.</remarks>
#pragma warning disable CA2100 // Identifiers come from PartitionedTables and a formatted month (see remarks).
internal sealed class PostgresHistoryArchiver(AppDbContext db, IArchiveStore store, IMediaStore media, TimeProvider clock, ILogger<PostgresHistoryArchiver> logger)
    : IHistoryArchiver
{
    /// <summary>The first line of every archive file.</summary>
    public const string Format = "whatssuite-archive/1";

    /// <summary>Detaching and dropping wait at most this long for the table's lock (behind long queries), then fail; the next run tries again.</summary>
    private const string LockTimeoutSql = "SET LOCAL lock_timeout = '10s';";

    public async Task<ArchiveOutcome> ArchiveAsync(string table, DateTimeOffset month, CancellationToken cancellationToken)
    {
        var key = PartitionedTables.Tables.Single(t => t.Table == table).KeyColumn;
        var partition = PartitionedTables.PartitionName(table, month);
        var end = month.AddMonths(1);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        if (await IsAttachedAsync(connection, partition, cancellationToken))
        {
            if (await BusyReasonAsync(connection, table, partition, cancellationToken) is { } busy)
            {
                return ArchiveOutcome.Refused(busy);
            }

            await using var detach = await db.Database.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, $"{LockTimeoutSql} ALTER TABLE {table} DETACH PARTITION {partition}", cancellationToken);
            await detach.CommitAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var name = string.Create(CultureInfo.InvariantCulture, $"{table.Replace('_', '-')}/{month.UtcDateTime:yyyy-MM}-{id:N}.jsonl.gz");
        var recorded = false;
        Export export;
        try
        {
            export = await ExportAsync(connection, table, key, partition, id, month, end, name, cancellationToken);
            var (sha256, bytes) = await ChecksumAsync(store, name, cancellationToken);

            await using (var record = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                db.Set<HistoryArchive>().Add(HistoryArchive.Record(id, table, month, end, export.Rows, name, sha256, bytes, now, export.AuditAnchor));
                db.Set<ArchivedConversation>().AddRange(export.Conversations.Select(c => ArchivedConversation.Record(id, c.Id, c.Messages, c.First, c.Last)));
                await db.SaveChangesAsync(cancellationToken);
                await ExecuteAsync(connection, $"{LockTimeoutSql} DROP TABLE {partition}", cancellationToken);
                if (export.Media.Count > 0)
                {
                    await using var delete = new NpgsqlCommand("DELETE FROM media_objects o WHERE o.id = ANY(@ids) AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.media_object_id = o.id)", connection);
                    delete.Parameters.AddWithValue("ids", export.Media.Select(m => m.Id).ToArray());
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }

                await record.CommitAsync(cancellationToken);
                recorded = true;
            }
        }
        catch
        {
            db.ChangeTracker.Clear();
            if (!recorded)
            {
                await ReattachAsync(connection, table, partition, month, end);
                await ArchiveSideEffects.DeleteUnrecordedAsync(store, logger, name);
            }

            throw;
        }

        db.ChangeTracker.Clear();
        foreach (var (_, storageKey) in export.Media)
        {
            await ArchiveSideEffects.MoveMediaToArchiveAsync(media, logger, id, storageKey);
        }

        return new ArchiveOutcome(id, export.Rows, export.Media.Count, null);
    }

    private static async Task<bool> IsAttachedAsync(NpgsqlConnection connection, string partition, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT relispartition FROM pg_class WHERE oid = to_regclass(@name)", connection);
        command.Parameters.AddWithValue("name", partition);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Work still in progress in the month: it stays live until it is done.</summary>
    private static async Task<string?> BusyReasonAsync(NpgsqlConnection connection, string table, string partition, CancellationToken cancellationToken)
    {
        var (condition, reason) = table switch
        {
            HistoryTables.WebhookInbox => ("status = 'Pending'", "webhook deliveries are not processed yet"),
            HistoryTables.Messages => ("next_attempt_at IS NOT NULL OR media_status = 'Pending'", "messages are still being sent or their media downloaded"),
            _ => (null, null),
        };
        if (condition is null)
        {
            return null;
        }

        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {partition} WHERE {condition})", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true ? reason : null;
    }

    private async Task<Export> ExportAsync(
        NpgsqlConnection connection, string table, string key, string partition, Guid id, DateTimeOffset month, DateTimeOffset end, string name, CancellationToken cancellationToken)
    {
        long rows = 0;
        var media = new List<(Guid Id, string StorageKey)>();
        await store.WriteAsync(
            name,
            async file =>
            {
                await using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                await using var writer = new StreamWriter(gzip, new UTF8Encoding(false), 65536);
                await writer.WriteAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"format\":\"{Format}\",\"archive\":\"{id}\",\"table\":\"{table}\",\"from\":\"{month:O}\",\"to\":\"{end:O}\"}}\n"));
                await using (var command = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {partition} t ORDER BY t.{key}, t.id", connection))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        await writer.WriteAsync($"{{\"table\":\"{table}\",\"row\":{reader.GetString(0)}}}\n");
                        rows++;
                    }
                }

                if (table == HistoryTables.Messages)
                {
                    await using var command = new NpgsqlCommand(
                        $"""
                        SELECT row_to_json(o)::text, o.id, o.storage_key FROM media_objects o
                        WHERE o.id IN (SELECT media_object_id FROM {partition} WHERE media_object_id IS NOT NULL)
                          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.media_object_id = o.id)
                        ORDER BY o.id
                        """,
                        connection);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        await writer.WriteAsync($"{{\"table\":\"media_objects\",\"row\":{reader.GetString(0)}}}\n");
                        media.Add((reader.GetGuid(1), reader.GetString(2)));
                    }
                }

                await writer.FlushAsync(cancellationToken);
            },
            cancellationToken);

        var conversations = new List<(Guid Id, int Messages, DateTimeOffset First, DateTimeOffset Last)>();
        (long, long, string)? anchor = null;
        if (table == HistoryTables.Messages)
        {
            await using var command = new NpgsqlCommand($"SELECT conversation_id, count(*)::int, min(sent_at), max(sent_at) FROM {partition} GROUP BY conversation_id", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                conversations.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }
        else if (table == HistoryTables.AuditLogs && rows > 0)
        {
            await using var command = new NpgsqlCommand($"SELECT min(sequence), max(sequence), (SELECT hash FROM {partition} ORDER BY sequence DESC LIMIT 1) FROM {partition}", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            anchor = (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2));
        }

        return new Export(rows, conversations, media, anchor);
    }

    /// <summary>SHA-256 of the archive file as stored, read back from the store (which also proves it can be read).</summary>
    internal static async Task<(string Sha256, long Bytes)> ChecksumAsync(IArchiveStore store, string name, CancellationToken cancellationToken)
    {
        await using var file = await store.OpenReadAsync(name, cancellationToken)
            ?? throw new InvalidOperationException($"The archive {name} was not found right after it was written.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            bytes += read;
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), bytes);
    }

    private static async Task ReattachAsync(NpgsqlConnection connection, string table, string partition, DateTimeOffset month, DateTimeOffset end)
    {
        if (await IsAttachedAsync(connection, partition, CancellationToken.None))
        {
            return;
        }

        // A detached table is attached back as it was; the bounds are the month's.
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("name", partition);
        if (await exists.ExecuteScalarAsync(CancellationToken.None) is true)
        {
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"ALTER TABLE {table} ATTACH PARTITION {partition} FOR VALUES FROM ('{month:O}') TO ('{end:O}')"), CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Export(
        long Rows,
        List<(Guid Id, int Messages, DateTimeOffset First, DateTimeOffset Last)> Conversations,
        List<(Guid Id, string StorageKey)> Media,
        (long First, long Last, string LastHash)? AuditAnchor);
}
#pragma warning restore CA2100
