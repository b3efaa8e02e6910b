using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Archives;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Archives;

/// <summary>
/// Restores an archive into embedded SQLite (ADR 0044), the same way as PostgreSQL (ADR 0033): in one transaction, the
/// archived media objects and then the rows are inserted in batches with <c>INSERT OR IGNORE</c> (a row already live is
/// skipped, so a second restore adds nothing), each value converted back to exactly what SQLite held
/// (<see cref="SqliteRowCodec"/>); the transaction commits only when each pass over the file matched its recorded
/// SHA-256. After the commit the media files move back from <c>archived/&lt;archive&gt;/</c>.
/// </summary>
internal sealed class SqliteArchiveRestorer(AppDbContext db, IArchiveStore store, IMediaStore media, ILogger<SqliteArchiveRestorer> logger)
    : IArchiveRestorer
{
    private const int BatchSize = 500;
    private const string MediaObjects = "media_objects";

    public async Task<ArchiveRestore> RestoreAsync(HistoryArchive archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!HistoryTables.All.Contains(archive.TableName))
        {
            throw new InvalidOperationException($"'{archive.TableName}' is not a history table.");
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var mediaKeys = new List<string>();
        long restored = 0;
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            // Media objects first: restored messages refer to them.
            foreach (var pass in archive.TableName == HistoryTables.Messages ? new[] { MediaObjects, archive.TableName } : [archive.TableName])
            {
                var codec = SqliteRowCodec.For(db, pass);
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
                            restored += await SqliteRowInserts.InsertAsync(connection, transaction, codec, batch, cancellationToken);
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
                    restored += await SqliteRowInserts.InsertAsync(connection, transaction, codec, batch, cancellationToken);
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
}
