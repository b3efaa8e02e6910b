using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Archives;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// Restores a PostgreSQL archive (ADR 0033): the month's partition is created again if it is missing, then, in one
/// transaction, the archived media objects and the rows are inserted in batches with <c>ON CONFLICT DO NOTHING</c> (a
/// row already live is skipped, so a second restore adds nothing); the transaction commits only when each pass over the
/// file matched its recorded SHA-256. After the commit the media files move back from <c>archived/&lt;archive&gt;/</c>.
/// </summary>
/// <remarks>Table names come from <see cref="HistoryTables"/> (checked), never from input, so CA2100 does not apply.</remarks>
#pragma warning disable CA2100 // Identifiers come from HistoryTables (see remarks).
internal sealed class PostgresArchiveRestorer(AppDbContext db, IArchiveStore store, IMediaStore media, IHistoryPartitions partitions, ILogger<PostgresArchiveRestorer> logger)
    : IArchiveRestorer
{
    private const int BatchSize = 500;
    private const string MediaObjects = "media_objects";

    public async Task<ArchiveRestore> RestoreAsync(HistoryArchive archive, CancellationToken cancellationToken)
    {
        if (!HistoryTables.All.Contains(archive.TableName))
        {
            throw new InvalidOperationException($"'{archive.TableName}' is not a history table.");
        }

        await partitions.CarveMonthAsync(archive.TableName, archive.PeriodStart, cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var mediaKeys = new List<string>();
        long restored = 0;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // Media objects first: restored messages refer to them.
            foreach (var pass in archive.TableName == HistoryTables.Messages ? new[] { MediaObjects, archive.TableName } : [archive.TableName])
            {
                var batch = new List<JsonElement>(BatchSize);
                var verdict = await ArchiveFiles.ReadAsync(
                    store,
                    archive,
                    async (table, row) =>
                    {
                        if (table != pass)
                        {
                            return;
                        }

                        batch.Add(row.Clone());
                        if (pass == MediaObjects && row.TryGetProperty("storage_key", out var key) && key.GetString() is { } storageKey)
                        {
                            mediaKeys.Add(storageKey);
                        }

                        if (batch.Count == BatchSize)
                        {
                            restored += await InsertAsync(connection, transaction, pass, batch, cancellationToken);
                            batch.Clear();
                        }
                    },
                    cancellationToken);
                if (verdict != ArchiveFiles.Verdict.Intact)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new ArchiveRestore(verdict, 0);
                }

                if (batch.Count > 0)
                {
                    restored += await InsertAsync(connection, transaction, pass, batch, cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var key in mediaKeys)
        {
            await ArchiveSideEffects.MoveMediaBackAsync(media, logger, archive.Id, key);
        }

        return new ArchiveRestore(ArchiveFiles.Verdict.Intact, restored);
    }

    private static async Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, List<JsonElement> rows, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"INSERT INTO {table} SELECT * FROM json_populate_recordset(NULL::{table}, @rows) ON CONFLICT DO NOTHING", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("rows", NpgsqlDbType.Json) { Value = JsonSerializer.Serialize(rows) });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
#pragma warning restore CA2100
