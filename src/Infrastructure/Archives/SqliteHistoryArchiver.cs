using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Domain.Archives;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// Archives one month of an embedded SQLite history table (ADR 0044): the month's rows move in batches of
/// <see cref="BatchSize"/> into a moving file (an SQLite database of its own under <c>ARCHIVE_DIR/moving/</c>), each
/// batch copied there durably and then deleted from the live table in one short write transaction of the live
/// database, so the desk keeps writing between batches. Once the month is empty the moving file is sealed into the same
/// checksummed gzip JSON-lines archive PostgreSQL writes, recorded in <c>history_archives</c> with its conversations
/// (or audit anchor), and removed. A run killed at any point loses and duplicates nothing: the next run finds the
/// moving file and finishes it. A failure while sealing puts the moved rows back.
/// </summary>
/// <remarks>Table and column names come from <see cref="PartitionedTables"/> and the EF model, never from input, so CA2100 does not apply.</remarks>
#pragma warning disable CA2100 // Identifiers come from PartitionedTables and the EF model (see remarks).
internal sealed partial class SqliteHistoryArchiver(AppDbContext db, IArchiveStore store, IMediaStore media, WhatsSuiteSettings settings, TimeProvider clock, ILogger<SqliteHistoryArchiver> logger)
    : IHistoryArchiver
{
    /// <summary>Rows moved per live write transaction.</summary>
    public const int BatchSize = 1000;

    private const string MediaObjects = "media_objects";

    public async Task<ArchiveOutcome> ArchiveAsync(string table, DateTimeOffset month, CancellationToken cancellationToken)
    {
        month = month.ToUniversalTime();
        var path = MovingFile(settings.ArchiveDirectory, table, month);
        if (!File.Exists(path))
        {
            var codec = SqliteRowCodec.For(db, table);
            var connection = await LiveAsync(cancellationToken);
            var (condition, reason) = BusyCondition(table);
            var key = KeyOf(table);
            if (!await ExistsAsync(connection, codec, table, key, month, null, cancellationToken))
            {
                return new ArchiveOutcome(null, 0, 0, null);
            }

            if (condition is not null && await ExistsAsync(connection, codec, table, key, month, condition, cancellationToken))
            {
                return ArchiveOutcome.Refused(reason!);
            }
        }

        await MoveAsync(table, month, BatchSize, maxBatches: null, cancellationToken);
        return await SealAsync(table, month, cancellationToken);
    }

    /// <summary>
    /// Moves the month's live rows into its moving file, <paramref name="batchSize"/> rows per live transaction, at most
    /// <paramref name="maxBatches"/> batches (all when null); answers how many rows moved. Each batch is written to the
    /// moving file and committed there (synchronously to disk) before the same rows are deleted from the live table in
    /// the transaction that read them, so a crash between the two leaves the rows in both, and the next batch copies
    /// them again over themselves and deletes them.
    /// </summary>
    internal async Task<long> MoveAsync(string table, DateTimeOffset month, int batchSize, int? maxBatches, CancellationToken cancellationToken)
    {
        var codec = SqliteRowCodec.For(db, table);
        var key = KeyOf(table);
        var live = await LiveAsync(cancellationToken);
        await using var moving = await OpenMovingAsync(table, month, cancellationToken);
        long moved = 0;
        long after = 0;
        for (var batches = 0; maxBatches is null || batches < maxBatches; batches++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = (SqliteTransaction)await live.BeginTransactionAsync(cancellationToken);
            var rows = new List<(long RowId, string Id, string Json)>(batchSize);
            await using (var read = live.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = $"SELECT rowid, * FROM \"{table}\" WHERE rowid > @after AND \"{key}\" >= @from AND \"{key}\" < @to ORDER BY rowid LIMIT @limit";
                read.Parameters.AddWithValue("@after", after);
                read.Parameters.AddWithValue("@from", codec.Stored(key, month));
                read.Parameters.AddWithValue("@to", codec.Stored(key, month.AddMonths(1)));
                read.Parameters.AddWithValue("@limit", batchSize);
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                var id = reader.GetOrdinal("id");
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(id), codec.ToJson(reader, 1)));
                }
            }

            if (rows.Count == 0)
            {
                break;
            }

            await StageAsync(moving, table, rows.Select(r => (r.Id, r.Json)), cancellationToken);
            await using (var delete = live.CreateCommand())
            {
                delete.Transaction = transaction;
                var ids = JsonSerializer.Serialize(rows.Select(r => r.RowId));
                delete.CommandText = table == HistoryTables.AuditLogs
                    // The trail refuses DELETE; the refusal is lifted inside this transaction only (SQLite has one writer,
                    // and the schema change commits or rolls back with the delete).
                    ? $"DROP TRIGGER audit_logs_refuse_delete; DELETE FROM \"{table}\" WHERE rowid IN (SELECT value FROM json_each(@ids)); {AuditLogTriggers.SqliteRefuseDelete}"
                    : $"DELETE FROM \"{table}\" WHERE rowid IN (SELECT value FROM json_each(@ids))";
                delete.Parameters.AddWithValue("@ids", ids);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            moved += rows.Count;
            after = rows[^1].RowId;
            LogBatchMoved(logger, table, month, rows.Count);
        }

        return moved;
    }

    /// <summary>
    /// Seals the month's moving file: the media objects only its messages referenced join it, the archive file is
    /// written and checksummed, then recorded with the media objects' live rows deleted in one short transaction, and
    /// the moving file removed. A moving file whose archive is already recorded (a run killed after recording) is only
    /// removed.
    /// </summary>
    private async Task<ArchiveOutcome> SealAsync(string table, DateTimeOffset month, CancellationToken cancellationToken)
    {
        var path = MovingFile(settings.ArchiveDirectory, table, month);
        Guid id;
        await using (var moving = await OpenMovingAsync(table, month, cancellationToken))
        {
            id = await ArchiveIdAsync(moving, cancellationToken);
        }

        if (await db.Set<HistoryArchive>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is { } done)
        {
            RemoveMovingFile(path);
            return new ArchiveOutcome(done.Id, done.Rows, 0, null);
        }

        var end = month.AddMonths(1);
        var name = string.Create(CultureInfo.InvariantCulture, $"{table.Replace('_', '-')}/{month.UtcDateTime:yyyy-MM}-{id:N}.jsonl.gz");
        var live = await LiveAsync(cancellationToken);
        Export export;
        try
        {
            await using (var moving = await OpenMovingAsync(table, month, cancellationToken))
            {
                if (table == HistoryTables.Messages)
                {
                    await StageMediaAsync(live, moving, cancellationToken);
                }

                // A file left by a run that stopped before recording it is not the archive: it is written again.
                await store.DeleteAsync(name, cancellationToken);
                export = await ExportAsync(moving, table, id, month, end, name, cancellationToken);
            }

            if (export.Rows == 0)
            {
                await store.DeleteAsync(name, cancellationToken);
                RemoveMovingFile(path);
                return new ArchiveOutcome(null, 0, 0, null);
            }

            var (sha256, bytes) = await PostgresHistoryArchiver.ChecksumAsync(store, name, cancellationToken);
            await using var record = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Set<HistoryArchive>().Add(HistoryArchive.Record(id, table, month, end, export.Rows, name, sha256, bytes, clock.GetUtcNow(), export.AuditAnchor));
            db.Set<ArchivedConversation>().AddRange(export.Conversations.Select(c => ArchivedConversation.Record(id, c.Key, c.Value.Messages, c.Value.First, c.Value.Last)));
            await db.SaveChangesAsync(cancellationToken);
            if (export.Media.Count > 0)
            {
                await using var delete = live.CreateCommand();
                delete.Transaction = (SqliteTransaction)record.GetDbTransaction();
                delete.CommandText = "DELETE FROM media_objects WHERE id IN (SELECT value FROM json_each(@ids)) AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.media_object_id = media_objects.id)";
                delete.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(export.Media.Select(m => SqliteRowCodec.StoredUuid(m.Id))));
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await record.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            await ArchiveSideEffects.DeleteUnrecordedAsync(store, logger, name);
            await PutBackAsync(table, month, path);
            throw;
        }

        db.ChangeTracker.Clear();
        RemoveMovingFile(path);
        foreach (var (_, storageKey) in export.Media)
        {
            await ArchiveSideEffects.MoveMediaToArchiveAsync(media, logger, id, storageKey);
        }

        return new ArchiveOutcome(id, export.Rows, export.Media.Count, null);
    }

    /// <summary>The moving file of a table's month (an SQLite database: the rows on their way to the archive).</summary>
    public static string MovingFile(string archiveDirectory, string table, DateTimeOffset month) =>
        Path.Combine(archiveDirectory, "moving", string.Create(CultureInfo.InvariantCulture, $"{table}-{month.UtcDateTime:yyyy-MM}.db"));

    /// <summary>The months of <paramref name="table"/> that have a moving file (a run that has not finished).</summary>
    public static IReadOnlyList<DateTimeOffset> MovingMonths(string archiveDirectory, string table)
    {
        var directory = Path.Combine(archiveDirectory, "moving");
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, $"{table}-*.db")
            .Select(f => Path.GetFileNameWithoutExtension(f)[(table.Length + 1)..])
            .Select(m => DateTimeOffset.TryParseExact(m, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var month) ? month.ToUniversalTime() : (DateTimeOffset?)null)
            .OfType<DateTimeOffset>()
            .Order()
            .ToList();
    }

    internal static string KeyOf(string table) => PartitionedTables.Tables.Single(t => t.Table == table).KeyColumn;

    private async Task<SqliteConnection> LiveAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (SqliteConnection)db.Database.GetDbConnection();
    }

    private static (string? Condition, string? Reason) BusyCondition(string table) => table switch
    {
        HistoryTables.WebhookInbox => ("status = 'Pending'", "webhook deliveries are not processed yet"),
        HistoryTables.Messages => ("(next_attempt_at IS NOT NULL OR media_status = 'Pending')", "messages are still being sent or their media downloaded"),
        _ => (null, null),
    };

    private static async Task<bool> ExistsAsync(SqliteConnection connection, SqliteRowCodec codec, string table, string key, DateTimeOffset month, string? condition, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE \"{key}\" >= @from AND \"{key}\" < @to{(condition is null ? string.Empty : " AND " + condition)})";
        command.Parameters.AddWithValue("@from", codec.Stored(key, month));
        command.Parameters.AddWithValue("@to", codec.Stored(key, month.AddMonths(1)));
        return await command.ExecuteScalarAsync(cancellationToken) is 1L;
    }

    private async Task<SqliteConnection> OpenMovingAsync(string table, DateTimeOffset month, CancellationToken cancellationToken)
    {
        var path = MovingFile(settings.ArchiveDirectory, table, month);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            // Owner read/write only, like the archive files: it holds the same rows (SQLite gives its journal the same mode).
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (new FileStream(path, options))
            {
            }
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var setup = connection.CreateCommand();
        setup.CommandText =
            """
            PRAGMA journal_mode = DELETE;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS archive (id TEXT NOT NULL, table_name TEXT NOT NULL, month TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS rows (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, UNIQUE (kind, id));
            """;
        await setup.ExecuteNonQueryAsync(cancellationToken);
        await using var identify = connection.CreateCommand();
        identify.CommandText = "INSERT INTO archive (id, table_name, month) SELECT @id, @table, @month WHERE NOT EXISTS (SELECT 1 FROM archive)";
        identify.Parameters.AddWithValue("@id", Guid.CreateVersion7(clock.GetUtcNow()).ToString("N"));
        identify.Parameters.AddWithValue("@table", table);
        identify.Parameters.AddWithValue("@month", month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        await identify.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static async Task<Guid> ArchiveIdAsync(SqliteConnection moving, CancellationToken cancellationToken)
    {
        await using var command = moving.CreateCommand();
        command.CommandText = "SELECT id FROM archive";
        return Guid.ParseExact((string)(await command.ExecuteScalarAsync(cancellationToken))!, "N");
    }

    /// <summary>Writes rows into the moving file in one transaction (a row already there is replaced by the live copy).</summary>
    private static async Task StageAsync(SqliteConnection moving, string kind, IEnumerable<(string Id, string Json)> rows, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await moving.BeginTransactionAsync(cancellationToken);
        await using var insert = moving.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO rows (kind, id, json) VALUES (@kind, @id, @json) ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json";
        var kindParameter = insert.Parameters.AddWithValue("@kind", kind);
        var idParameter = insert.Parameters.Add("@id", SqliteType.Text);
        var jsonParameter = insert.Parameters.Add("@json", SqliteType.Text);
        foreach (var (id, json) in rows)
        {
            idParameter.Value = id;
            jsonParameter.Value = json;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Copies into the moving file the live media objects that the moved messages referenced and no live message does.</summary>
    private async Task StageMediaAsync(SqliteConnection live, SqliteConnection moving, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using (var command = moving.CreateCommand())
        {
            command.CommandText = "SELECT DISTINCT json_extract(json, '$.media_object_id') FROM rows WHERE kind = 'messages' AND json_extract(json, '$.media_object_id') IS NOT NULL";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(SqliteRowCodec.StoredUuid(Guid.Parse(reader.GetString(0))));
            }
        }

        if (ids.Count == 0)
        {
            return;
        }

        var codec = SqliteRowCodec.For(db, MediaObjects);
        var rows = new List<(string, string)>();
        await using (var command = live.CreateCommand())
        {
            command.CommandText = "SELECT * FROM media_objects o WHERE o.id IN (SELECT value FROM json_each(@ids)) AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.media_object_id = o.id)";
            command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(ids));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var id = reader.GetOrdinal("id");
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(id), codec.ToJson(reader, 0)));
            }
        }

        await StageAsync(moving, MediaObjects, rows, cancellationToken);
    }

    /// <summary>Writes the archive file from the moving file: the table's rows in the order they moved, then media objects.</summary>
    private async Task<Export> ExportAsync(SqliteConnection moving, string table, Guid id, DateTimeOffset month, DateTimeOffset end, string name, CancellationToken cancellationToken)
    {
        var export = new Export();
        await store.WriteAsync(
            name,
            async file =>
            {
                await using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                await using var writer = new StreamWriter(gzip, new UTF8Encoding(false), 65536);
                await writer.WriteAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"format\":\"{PostgresHistoryArchiver.Format}\",\"archive\":\"{id}\",\"table\":\"{table}\",\"from\":\"{month:O}\",\"to\":\"{end:O}\"}}\n"));
                await using var command = moving.CreateCommand();
                command.CommandText = "SELECT kind, json FROM rows ORDER BY kind = 'media_objects', seq";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var kind = reader.GetString(0);
                    var json = reader.GetString(1);
                    await writer.WriteAsync($"{{\"table\":\"{kind}\",\"row\":{json}}}\n");
                    using var row = JsonDocument.Parse(json);
                    export.Add(kind, table, row.RootElement);
                }

                await writer.FlushAsync(cancellationToken);
            },
            cancellationToken);
        return export;
    }

    /// <summary>Undoes a month whose archive could not be written or recorded: its moved rows go back to the live table.</summary>
    private async Task PutBackAsync(string table, DateTimeOffset month, string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var codec = SqliteRowCodec.For(db, table);
        var live = await LiveAsync(CancellationToken.None);
        var rows = new List<JsonElement>();
        await using (var moving = await OpenMovingAsync(table, month, CancellationToken.None))
        await using (var command = moving.CreateCommand())
        {
            command.CommandText = "SELECT json FROM rows WHERE kind = @kind ORDER BY seq";
            command.Parameters.AddWithValue("@kind", table);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                using var row = JsonDocument.Parse(reader.GetString(0));
                rows.Add(row.RootElement.Clone());
            }
        }

        foreach (var batch in rows.Chunk(BatchSize))
        {
            await using var transaction = (SqliteTransaction)await live.BeginTransactionAsync(CancellationToken.None);
            await SqliteRowInserts.InsertAsync(live, transaction, codec, batch, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        RemoveMovingFile(path);
        LogPutBack(logger, table, month, rows.Count);
    }

    private static void RemoveMovingFile(string path)
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
        File.Delete(path + "-journal");
    }

    [LoggerMessage(EventId = LogEvents.HistoryBatchMoved, Level = LogLevel.Debug, Message = "Moved {Rows} rows of {Table} {Month:yyyy-MM} towards its archive")]
    private static partial void LogBatchMoved(ILogger logger, string table, DateTimeOffset month, int rows);

    [LoggerMessage(EventId = LogEvents.MovedRowsPutBack, Level = LogLevel.Warning, Message = "The archive of {Table} {Month:yyyy-MM} could not be sealed; its {Rows} moved rows are live again")]
    private static partial void LogPutBack(ILogger logger, string table, DateTimeOffset month, int rows);

    /// <summary>What the archive file holds, gathered while it is written.</summary>
    private sealed class Export
    {
        public long Rows { get; private set; }

        public Dictionary<Guid, (int Messages, DateTimeOffset First, DateTimeOffset Last)> Conversations { get; } = [];

        public List<(Guid Id, string StorageKey)> Media { get; } = [];

        public (long First, long Last, string LastHash)? AuditAnchor { get; private set; }

        public void Add(string kind, string table, JsonElement row)
        {
            if (kind == MediaObjects)
            {
                Media.Add((row.GetProperty("id").GetGuid(), row.GetProperty("storage_key").GetString()!));
                return;
            }

            Rows++;
            if (table == HistoryTables.Messages)
            {
                var conversation = row.GetProperty("conversation_id").GetGuid();
                var sentAt = row.GetProperty("sent_at").GetDateTimeOffset();
                Conversations[conversation] = Conversations.TryGetValue(conversation, out var seen)
                    ? (seen.Messages + 1, sentAt < seen.First ? sentAt : seen.First, sentAt > seen.Last ? sentAt : seen.Last)
                    : (1, sentAt, sentAt);
            }
            else if (table == HistoryTables.AuditLogs)
            {
                var sequence = row.GetProperty("sequence").GetInt64();
                var hash = row.GetProperty("hash").GetString()!;
                AuditAnchor = AuditAnchor is { } anchor
                    ? (Math.Min(anchor.First, sequence), Math.Max(anchor.Last, sequence), sequence > anchor.Last ? hash : anchor.LastHash)
                    : (sequence, sequence, hash);
            }
        }
    }
}
#pragma warning restore CA2100
