using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Media;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Media;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Archives;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Archives;

/// <summary>
/// Retention and the cold archive on embedded SQLite (ADR 0044): months past retention move in batches into the same
/// checksummed archives PostgreSQL writes, read and restored through the same endpoints.
/// </summary>
public sealed class EmbeddedHistoryArchiveTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-embedded-archive-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(_directory, "whatssuite.db");

    private string ArchiveDirectory => Path.Combine(_directory, "archives");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ArchiveHistoryJob_OnSqlite_MovesMonthsPastRetentionAndTheChainStaysVerifiable()
    {
        await using var app = await StartPopulatedAsync();
        var now = DateTimeOffset.UtcNow;
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var (messagesCutoff, auditCutoff) = (month.AddMonths(-1), month.AddMonths(-2));
        var lastSequence = await QueryAsync(app, db => db.AuditLogs.MaxAsync(a => a.Sequence));
        var before = await CountsAsync(app, lastSequence);
        var keptMessages = await QueryAsync(app, db => db.Messages.CountAsync(m => m.SentAt >= messagesCutoff));
        var keptAudit = await QueryAsync(app, db => db.AuditLogs.CountAsync(a => a.OccurredAt >= auditCutoff && a.Sequence <= lastSequence));
        Assert.True(before["messages"] > keptMessages && before["audit_logs"] > keptAudit);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None);
        }

        // Each table lost exactly what its archives hold: the months past its own retention, no more.
        var archives = await QueryAsync(app, db => db.HistoryArchives.ToListAsync());
        var after = await CountsAsync(app, lastSequence);
        foreach (var table in new[] { "messages", "message_status_events", "audit_logs" })
        {
            Assert.Contains(archives, a => a.TableName == table);
            Assert.Equal(before[table], after[table] + archives.Where(a => a.TableName == table).Sum(a => a.Rows));
        }

        Assert.Equal(0, await QueryAsync(app, db => db.Messages.CountAsync(m => m.SentAt < messagesCutoff)));
        Assert.Equal(keptMessages, await QueryAsync(app, db => db.Messages.CountAsync(m => m.SentAt >= messagesCutoff)));
        Assert.Equal(0, await QueryAsync(app, db => db.AuditLogs.CountAsync(a => a.OccurredAt < auditCutoff)));
        Assert.Equal(keptAudit, await QueryAsync(app, db => db.AuditLogs.CountAsync(a => a.OccurredAt >= auditCutoff && a.Sequence <= lastSequence)));
        Assert.All(archives.Where(a => a.TableName == "messages"), a => Assert.True(a.PeriodEnd <= messagesCutoff));
        Assert.All(archives.Where(a => a.TableName == "audit_logs"), a => Assert.True(a.PeriodEnd <= auditCutoff));
        Assert.Equal(
            archives.Where(a => a.TableName == "messages").Sum(a => a.Rows),
            await QueryAsync(app, db => db.ArchivedConversations.SumAsync(c => (long)c.Messages)));
        foreach (var archive in archives)
        {
            Assert.Equal(archive.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(ArchiveDirectory, archive.FileName)))));
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(ArchiveDirectory, "moving")));

        // Each month is one audited command of the system.
        var runs = await QueryAsync(app, db => db.AuditLogs.Where(a => a.Action == "ArchivePartition").Select(a => new { a.ActorId, a.Outcome }).ToListAsync());
        Assert.Equal(archives.Count, runs.Count);
        Assert.All(runs, r => Assert.Equal(("job:archive-history", AuditOutcome.Success), (r.ActorId, r.Outcome)));

        // The trail still refuses DELETE outside the archiver.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_logs"));
        }

        // The live chain continues from the archived anchor and verifies.
        using var admin = app.CreateClient().WithBearer((await app.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        var verdict = await (await admin.GetAsync("/api/v1/audit-logs/verify")).ReadJsonAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
        var anchor = archives.Where(a => a.TableName == "audit_logs").MaxBy(a => a.LastSequence)!;
        Assert.Equal(anchor.LastHash, await QueryAsync(app, db => db.AuditLogs.Where(a => a.Sequence == anchor.LastSequence + 1).Select(a => a.PreviousHash).SingleAsync()));
    }

    [Fact]
    public async Task ArchiveHistoryJob_OnSqliteArchiveCannotBeWritten_PutsTheMovedRowsBackUnchanged()
    {
        await using var app = await StartPopulatedAsync();
        var messagesBefore = await RowsAsync("messages");
        Directory.CreateDirectory(ArchiveDirectory);
        await File.WriteAllTextAsync(Path.Combine(ArchiveDirectory, "messages"), "a file where the messages archives should go");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None));
        }

        // Every message moved towards the archive is live again, column by column; nothing is recorded for them.
        Assert.Equal(messagesBefore, await RowsAsync("messages"));
        Assert.Equal(0, await QueryAsync(app, db => db.HistoryArchives.CountAsync(a => a.TableName == "messages")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(ArchiveDirectory, "moving"), "messages-*"));
        var runs = await QueryAsync(app, db => db.AuditLogs.Where(a => a.Action == "ArchivePartition" && a.TargetId!.StartsWith("messages_")).Select(a => new { a.ActorId, a.Outcome }).ToListAsync());
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Equal(("job:archive-history", AuditOutcome.Failed), (r.ActorId, r.Outcome)));

        // The other tables were archived as usual.
        Assert.True(await QueryAsync(app, db => db.HistoryArchives.AnyAsync(a => a.TableName == "audit_logs")));
    }

    [Fact]
    public async Task ArchiveEndpoints_OnSqliteAfterARunStoppedBetweenBatches_ArchiveReadRestoreRoundTripsEveryColumn()
    {
        await using var app = await StartPopulatedAsync();
        var now = DateTimeOffset.UtcNow;
        var cutoff = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1);
        var messagesBefore = await RowsAsync("messages");
        var statusesBefore = await RowsAsync("message_status_events");
        var mediaBefore = await RowsAsync("media_objects");
        Assert.Single(mediaBefore);
        var archivable = await QueryAsync(app, db => db.Messages.CountAsync(m => m.SentAt < cutoff));
        var oldest = await QueryAsync(app, db => db.Messages.OrderBy(m => m.SentAt).Select(m => new { m.SentAt, m.ConversationId }).FirstAsync());
        var conversationMessages = (await QueryAsync(app, db => db.Messages.Where(m => m.ConversationId == oldest.ConversationId).Select(m => new { m.Id, m.Text, m.SentAt }).ToListAsync()))
            .Where(m => m.SentAt < cutoff).Select(m => (m.Id, m.Text, m.SentAt)).Order().ToList();
        var oldestMonth = new DateTimeOffset(oldest.SentAt.UtcDateTime.Year, oldest.SentAt.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

        // A run stopped after two batches: their rows are in the moving file only, nothing is recorded yet.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var archiver = (SqliteHistoryArchiver)scope.ServiceProvider.GetRequiredService<IHistoryArchiver>();
            Assert.Equal(6, await archiver.MoveAsync("messages", oldestMonth, batchSize: 3, maxBatches: 2, CancellationToken.None));
        }

        Assert.Equal(messagesBefore.Count - 6, (await RowsAsync("messages")).Count);
        var movingFile = SqliteHistoryArchiver.MovingFile(ArchiveDirectory, "messages", oldestMonth);
        Assert.True(File.Exists(movingFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(movingFile));
        }
        Assert.Equal(0, await QueryAsync(app, db => db.HistoryArchives.CountAsync()));

        // The next run finishes it: every row archived exactly once.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None);
        }

        var recorded = await QueryAsync(app, db => db.HistoryArchives.Where(a => a.TableName == "messages").ToListAsync());
        Assert.Equal(archivable, recorded.Sum(a => a.Rows));
        Assert.Equal(0, await QueryAsync(app, db => db.Messages.CountAsync(m => m.SentAt < cutoff)));
        Assert.False(File.Exists(SqliteHistoryArchiver.MovingFile(ArchiveDirectory, "messages", oldestMonth)));

        // Listed, found and read through the same endpoints as PostgreSQL's archives.
        using var admin = app.CreateClient().WithBearer((await app.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        var list = (await (await admin.GetAsync("/api/v1/archive?table=messages&pageSize=100")).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(recorded.Select(r => (r.Id, r.Sha256)).Order(), list.Select(a => (a.GetProperty("id").GetGuid(), a.GetProperty("sha256").GetString()!)).Order());
        using var read = await admin.GetAsync($"/api/v1/archive/conversations/{oldest.ConversationId}/messages");
        Assert.True(read.IsSuccessStatusCode, await read.Content.ReadAsStringAsync());
        var readMessages = (await read.ReadJsonAsync()).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(conversationMessages, readMessages.Select(m => (m.GetProperty("id").GetGuid(), m.GetProperty("text").GetString(), m.GetProperty("sentAt").GetDateTimeOffset())).Order().ToList());

        // A changed file is refused, and nothing of it is restored.
        var victim = recorded[0];
        var path = Path.Combine(ArchiveDirectory, victim.FileName);
        var original = await File.ReadAllBytesAsync(path);
        var changed = original.ToArray();
        changed[changed.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, changed);
        var refused = await admin.PostAsync($"/api/v1/archive/{victim.Id}/restore", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(messagesBefore.Count - archivable, (await RowsAsync("messages")).Count);
        await File.WriteAllBytesAsync(path, original);

        // Restored: every column of every row as it was; a second restore adds nothing.
        var toRestore = await QueryAsync(app, db => db.HistoryArchives.Where(a => a.TableName == "messages" || a.TableName == "message_status_events").ToListAsync());
        Assert.Empty(await RowsAsync("media_objects"));
        long rowsRestored = 0;
        foreach (var archive in toRestore)
        {
            var restored = await (await admin.PostAsync($"/api/v1/archive/{archive.Id}/restore", null)).ReadJsonAsync();
            rowsRestored += restored.GetProperty("rowsRestored").GetInt64();
        }

        // Every row, and the one media object only an archived message referenced.
        Assert.Equal(toRestore.Sum(a => a.Rows) + 1, rowsRestored);
        Assert.Equal(mediaBefore, await RowsAsync("media_objects"));
        Assert.Equal(messagesBefore, await RowsAsync("messages"));
        Assert.Equal(statusesBefore, await RowsAsync("message_status_events"));
        foreach (var archive in toRestore)
        {
            var again = await (await admin.PostAsync($"/api/v1/archive/{archive.Id}/restore", null)).ReadJsonAsync();
            Assert.Equal(0L, again.GetProperty("rowsRestored").GetInt64());
        }

        Assert.Equal(messagesBefore, await RowsAsync("messages"));
    }

    /// <summary>
    /// An embedded instance with retention set (messages 1 month, audit 2 months, the inbox kept), on a file holding
    /// audit rows over the last 120 days (written before the instance's own, so the chain is in time order), and
    /// messages with their status reports over the last 100 days.
    /// </summary>
    private async Task<WhatsSuiteApp> StartPopulatedAsync()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(DatabasePath);
        await AppendAuditAsync(120);
        settings["RETENTION_MESSAGES_MONTHS"] = "1";
        settings["RETENTION_AUDIT_MONTHS"] = "2";
        settings["RETENTION_WEBHOOK_INBOX_DAYS"] = "0";
        settings["ARCHIVE_DIR"] = ArchiveDirectory;
        var app = new WhatsSuiteApp(settings);
        using var anonymous = app.CreateClient();
        var seeder = new ConversationSeeder(app, (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        var queue = await seeder.QueueAsync();
        var connection = await seeder.ConnectionAsync([queue]);
        var conversations = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            conversations.Add(await seeder.ConversationAsync(connection, queue));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var start = DateTimeOffset.UtcNow.AddDays(-100);
        for (var i = 0; i < 80; i++)
        {
            var sentAt = start.AddHours(i * 30);
            var wamid = $"wamid.{Guid.NewGuid():N}";
            db.Messages.Add(Message.Inbound(conversations[i % conversations.Count], connection, wamid, MessageTypes.Text, $"mensaje {i} ñandú", "{\"n\":" + i + "}", null, null, sentAt, sentAt));
            db.MessageStatusEvents.Add(MessageStatusEvent.Create(connection, wamid, MessageStatus.Read, sentAt.AddMinutes(1), "5491100000000", null, null, sentAt.AddMinutes(1)));
        }

        // The oldest message has a picture: its media object leaves with it and comes back with it.
        var picturedAt = start.AddMinutes(-5);
        var picture = MediaObject.Create(connection, new string('a', 64), MediaKeys.Stored(connection, new string('a', 64)), 1234, "image/jpeg", null, picturedAt);
        db.MediaObjects.Add(picture);
        var pictured = Message.Inbound(conversations[0], connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Image, null, "{}", null, new MediaInfo("media-1", "image/jpeg", new string('a', 64), "picture.jpg"), picturedAt, picturedAt);
        pictured.MarkMediaAvailable(picture.Id, picturedAt);
        db.Messages.Add(pictured);
        await db.SaveChangesAsync();
        return app;
    }

    /// <summary>Appends <paramref name="days"/> chained audit rows, one a day up to an hour ago.</summary>
    private async Task AppendAuditAsync(int days)
    {
        await using var context = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={DatabasePath};Pooling=False").Options);
        var (sequence, hash) = (0L, AuditChain.GenesisHash);
        var start = DateTimeOffset.UtcNow.AddDays(-days);
        for (var i = 0; i < days; i++)
        {
            var row = AuditLog.Record(start.AddDays(i), ActorKind.System, "job:test", "TestAction", "thing", null, AuditOutcome.Success, null, null, null, null);
            row.LinkAfter(++sequence, hash);
            hash = row.Hash;
            context.AuditLogs.Add(row);
        }

        await context.SaveChangesAsync();
    }

    private static async Task<T> QueryAsync<T>(WhatsSuiteApp app, Func<AppDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static async Task<Dictionary<string, long>> CountsAsync(WhatsSuiteApp app, long lastSequence) => new()
    {
        ["messages"] = await QueryAsync(app, db => db.Messages.LongCountAsync()),
        ["message_status_events"] = await QueryAsync(app, db => db.MessageStatusEvents.LongCountAsync()),
        ["audit_logs"] = await QueryAsync(app, db => db.AuditLogs.LongCountAsync(a => a.Sequence <= lastSequence)),
    };

    /// <summary>Every row of <paramref name="table"/> as SQLite holds it, each column with its storage class, in id order.</summary>
    private async Task<List<string>> RowsAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The table names are the test's own.
        command.CommandText = $"SELECT * FROM {table} ORDER BY id";
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
            {
                DBNull => $"{reader.GetName(i)}=NULL",
                long integer => $"{reader.GetName(i)}=INTEGER:{integer}",
                double real => $"{reader.GetName(i)}=REAL:{real.ToString("R", CultureInfo.InvariantCulture)}",
                byte[] blob => $"{reader.GetName(i)}=BLOB:{Convert.ToBase64String(blob)}",
                var text => $"{reader.GetName(i)}=TEXT:{text}",
            })));
        }

        return rows;
    }
}
