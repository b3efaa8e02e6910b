using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.OpenApi;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Archives;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Infrastructure.Archives;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Jobs;
using WhatsSuite.Infrastructure.Media;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Archives;

/// <summary>Retention and the cold archive (ADR 0033): months past retention leave for archive files, and a failed run changes nothing.</summary>
public sealed class HistoryArchiveTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-archive-{Guid.NewGuid():N}");

    public HistoryArchiveTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ArchiveHistoryJob_MonthsPastRetention_MovesThemToChecksummedArchivesAndTheChainStaysVerifiable()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = await StartPopulatedAsync(database, Path.Combine(_directory, "archives"));
        var now = DateTimeOffset.UtcNow;
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var cutoffs = new Dictionary<string, DateTimeOffset>
        {
            ["messages"] = month.AddMonths(-1),
            ["message_status_events"] = month.AddMonths(-1),
            ["webhook_inbox"] = now.AddDays(-20),
            ["audit_logs"] = month.AddMonths(-2),
        };
        var pendingMonth = new DateTimeOffset(now.AddDays(-60).Year, now.AddDays(-60).Month, 1, 0, 0, 0, TimeSpan.Zero);
        var pending = Guid.CreateVersion7();
        await database.ExecuteAsync(
            "INSERT INTO webhook_inbox (id, body, status, attempts, progress, split_items, received_at, next_attempt_at) VALUES (@id, '{}', 'Pending', 3, 0, 0, @at, now() + interval '1 day')",
            ("id", pending),
            ("at", pendingMonth.AddDays(3)));
        var before = await CountsAsync(database);
        var lastSequence = await database.QueryAsync(db => db.AuditLogs.MaxAsync(a => a.Sequence));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None));
        }

        var archives = await database.QueryAsync(db => db.HistoryArchives.OrderBy(a => a.PeriodStart).ToListAsync());
        foreach (var (table, key) in PartitionedTables.Tables)
        {
            var archived = archives.Where(a => a.TableName == table).ToList();
            Assert.NotEmpty(archived);
            // The audit trail grows while the test runs (the archival's own rows): its rows up to the run are counted.
            var live = await database.ScalarAsync<long>($"SELECT count(*) FROM {table}" + (table == "audit_logs" ? " WHERE sequence <= @last" : string.Empty), ("last", lastSequence));
            Assert.Equal(before[table], live + archived.Sum(a => a.Rows));
            foreach (var archive in archived)
            {
                Assert.Null(await database.ScalarAsync<string>("SELECT to_regclass(@name)::text", ("name", PartitionedTables.PartitionName(table, archive.PeriodStart))));
            }

            // Nothing older is left live but the month with a delivery still pending, which stays whole.
            var stale = await database.ScalarAsync<long>(
                $"SELECT count(*) FROM {table} WHERE {key} < @cutoff AND NOT ({key} >= @busy AND {key} < @busyEnd)",
                ("cutoff", archived.Max(a => a.PeriodEnd)),
                ("busy", table == "webhook_inbox" ? pendingMonth : DateTimeOffset.MinValue.ToUniversalTime()),
                ("busyEnd", table == "webhook_inbox" ? pendingMonth.AddMonths(1) : DateTimeOffset.MinValue.ToUniversalTime()));
            Assert.Equal(0L, stale);
            Assert.True(archived.Max(a => a.PeriodEnd) <= cutoffs[table]);
            foreach (var archive in archived)
            {
                var path = Path.Combine(_directory, "archives", archive.FileName);
                Assert.Equal(archive.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
                var lines = await LinesAsync(path);
                Assert.Equal(archive.Rows, lines.Count(l => l.StartsWith($"{{\"table\":\"{table}\",", StringComparison.Ordinal)));
            }
        }

        // The month with a delivery still pending stays live, whole; the others past retention are gone.
        Assert.Equal(PartitionedTables.PartitionName("webhook_inbox", pendingMonth), await database.ScalarAsync<string>("SELECT tableoid::regclass::text FROM webhook_inbox WHERE id = @id", ("id", pending)));
        var archivedMessages = archives.Where(a => a.TableName == "messages").Sum(a => a.Rows);
        Assert.Equal(archivedMessages, await database.QueryAsync(db => db.ArchivedConversations.SumAsync(c => (long)c.Messages)));

        // Each month is one audited command of the system; the refused one is recorded as failed with its reason.
        var runs = await database.QueryAsync(db => db.AuditLogs.Where(a => a.Action == "ArchivePartition").Select(a => new { a.ActorId, a.Outcome, a.Reason, a.TargetId }).ToListAsync());
        Assert.All(runs, r => Assert.Equal("job:archive-history", r.ActorId));
        Assert.Equal(archives.Count, runs.Count(r => r.Outcome == AuditOutcome.Success));
        var refused = Assert.Single(runs, r => r.Outcome != AuditOutcome.Success);
        Assert.Equal(("archives.month_busy", PartitionedTables.PartitionName("webhook_inbox", pendingMonth)), (refused.Reason, refused.TargetId));

        // The live audit chain continues from the archived anchor and verifies.
        using var admin = app.CreateClient().WithBearer((await app.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        var verdict = await (await admin.GetAsync("/api/v1/audit-logs/verify")).ReadJsonAsync();
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
        Assert.Equal(await database.QueryAsync(db => db.AuditLogs.LongCountAsync()), verdict.GetProperty("rowsChecked").GetInt64());
        var anchor = archives.Where(a => a.TableName == "audit_logs").MaxBy(a => a.LastSequence)!;
        Assert.Equal(anchor.LastHash, await database.QueryAsync(db => db.AuditLogs.Where(a => a.Sequence == anchor.LastSequence + 1).Select(a => a.PreviousHash).SingleAsync()));
    }

    [Fact]
    public async Task ArchiveHistoryJob_ArchiveCannotBeWritten_LeavesTheLiveDataAsItWas()
    {
        await using var database = await TestDatabase.CreateAsync();
        var blocked = Path.Combine(_directory, "not-a-directory");
        await File.WriteAllTextAsync(blocked, "a file where the archive directory should be");
        await using var app = await StartPopulatedAsync(database, blocked);
        var before = await CountsAsync(database);
        const string Fingerprints = "SELECT string_agg(md5(row_to_json(m)::text), ',' ORDER BY m.id) FROM messages m";
        var messages = await database.ScalarAsync<string>(Fingerprints);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None));
        }

        var after = await CountsAsync(database);
        Assert.Equal(before.Where(c => c.Key != "audit_logs"), after.Where(c => c.Key != "audit_logs"));
        Assert.Equal(messages, await database.ScalarAsync<string>(Fingerprints));

        // Months past retention whose rows sat in the default partition got their partition (rows moved, none lost);
        // no month is left detached.
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname ~ '_p[0-9]{4}_[0-9]{2}$' AND NOT relispartition"));
        Assert.Equal(0, await database.QueryAsync(db => db.HistoryArchives.CountAsync()));
        var runs = await database.QueryAsync(db => db.AuditLogs.Where(a => a.Action == "ArchivePartition").Select(a => new { a.ActorId, a.Outcome }).ToListAsync());
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Equal(("job:archive-history", AuditOutcome.Failed), (r.ActorId, r.Outcome)));
        Assert.Empty(Directory.EnumerateFiles(_directory, "*.gz", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ArchiveEndpoints_ArchiveReadRestore_RoundTripsEveryRowAndRestoringTwiceAddsNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = await StartPopulatedAsync(database, Path.Combine(_directory, "archives"));
        var now = DateTimeOffset.UtcNow;
        var cutoff = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1);
        const string MessageFingerprints = "SELECT coalesce(string_agg(md5(row_to_json(m)::text), ',' ORDER BY m.id), '') FROM messages m WHERE sent_at < @cutoff";
        const string StatusFingerprints = "SELECT coalesce(string_agg(md5(row_to_json(s)::text), ',' ORDER BY s.id), '') FROM message_status_events s WHERE occurred_at < @cutoff";
        var messagesBefore = await database.ScalarAsync<string>(MessageFingerprints, ("cutoff", cutoff));
        var statusesBefore = await database.ScalarAsync<string>(StatusFingerprints, ("cutoff", cutoff));
        Assert.False(string.IsNullOrEmpty(messagesBefore));
        var sample = await database.QueryAsync(db => db.Messages.Where(m => m.SentAt < cutoff)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (m, c) => c)
            .Join(db.Contacts, c => c.ContactId, k => k.Id, (c, k) => new { c.Id, k.WaId })
            .Where(c => c.WaId != null)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, WaId = c.WaId! })
            .FirstAsync());
        var (conversationId, phone) = (sample.Id, sample.WaId);
        var conversationMessages = await database.QueryAsync(db => db.Messages.Where(m => m.ConversationId == conversationId && m.SentAt < cutoff).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM messages WHERE sent_at < @cutoff", ("cutoff", cutoff)));
        using var admin = app.CreateClient().WithBearer((await app.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);

        // The index of archives: table, period, rows, checksum.
        var list = await (await admin.GetAsync("/api/v1/archive?table=messages&pageSize=100")).ReadJsonAsync();
        var messageArchives = list.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(messageArchives);
        var recorded = await database.QueryAsync(db => db.HistoryArchives.Where(a => a.TableName == "messages").ToListAsync());
        Assert.Equal(recorded.Count, messageArchives.Count);
        Assert.All(messageArchives, a => Assert.Equal(recorded.Single(r => r.Id == a.GetProperty("id").GetGuid()).Sha256, a.GetProperty("sha256").GetString()));
        Assert.Equal(recorded.Sum(r => r.Rows), messageArchives.Sum(a => a.GetProperty("rows").GetInt64()));

        // Found by the contact's phone, read from the files.
        using var search = await admin.GetAsync($"/api/v1/archive/conversations?phone=%2B{phone}");
        Assert.True(search.IsSuccessStatusCode, await search.Content.ReadAsStringAsync());
        var found = await search.ReadJsonAsync();
        var conversation = Assert.Single(found.GetProperty("items").EnumerateArray(), c => c.GetProperty("conversationId").GetGuid() == conversationId);
        Assert.Equal(conversationMessages.Count, conversation.GetProperty("archivedMessages").GetInt32());
        var read = await (await admin.GetAsync($"/api/v1/archive/conversations/{conversationId}/messages")).ReadJsonAsync();
        Assert.Equal(conversationMessages, read.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Order().ToList());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/archive/conversations/{Guid.NewGuid()}/messages")).StatusCode);

        // Restored: every row as it was; a second restore adds nothing.
        var toRestore = await database.QueryAsync(db => db.HistoryArchives.Where(a => a.TableName == "messages" || a.TableName == "message_status_events").ToListAsync());
        foreach (var archive in toRestore)
        {
            var restored = await (await admin.PostAsync($"/api/v1/archive/{archive.Id}/restore", null)).ReadJsonAsync();
            Assert.Equal(archive.Rows, restored.GetProperty("rowsRestored").GetInt64());
        }

        Assert.Equal(messagesBefore, await database.ScalarAsync<string>(MessageFingerprints, ("cutoff", cutoff)));
        Assert.Equal(statusesBefore, await database.ScalarAsync<string>(StatusFingerprints, ("cutoff", cutoff)));
        foreach (var archive in toRestore)
        {
            var again = await (await admin.PostAsync($"/api/v1/archive/{archive.Id}/restore", null)).ReadJsonAsync();
            Assert.Equal(0L, again.GetProperty("rowsRestored").GetInt64());
        }

        Assert.Equal(messagesBefore, await database.ScalarAsync<string>(MessageFingerprints, ("cutoff", cutoff)));
        var restores = await database.QueryAsync(db => db.AuditLogs.Where(a => a.Action == "RestoreArchive").Select(a => new { a.ActorId, a.Outcome, a.TargetType }).ToListAsync());
        Assert.Equal(toRestore.Count * 2, restores.Count);
        Assert.All(restores, r => Assert.Equal((AuditOutcome.Success, "history_archive"), (r.Outcome, r.TargetType)));

        // A restored month stays live: the next run leaves it.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(messagesBefore, await database.ScalarAsync<string>(MessageFingerprints, ("cutoff", cutoff)));
        Assert.Equal(recorded.Count, await database.QueryAsync(db => db.HistoryArchives.CountAsync(a => a.TableName == "messages")));
    }

    [Fact]
    public async Task ArchiveEndpoints_ArchiveFileChanged_ReadAndRestoreAreRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = await StartPopulatedAsync(database, Path.Combine(_directory, "archives"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None);
        }

        var archive = await database.QueryAsync(db => db.HistoryArchives.Where(a => a.TableName == "messages").OrderBy(a => a.PeriodStart).FirstAsync());
        var conversationId = await database.QueryAsync(db => db.ArchivedConversations.Where(c => c.ArchiveId == archive.Id).Select(c => c.ConversationId).FirstAsync());
        var path = Path.Combine(_directory, "archives", archive.FileName);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
        var live = await database.ScalarAsync<long>("SELECT count(*) FROM messages");
        using var admin = app.CreateClient().WithBearer((await app.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);

        var read = await admin.GetAsync($"/api/v1/archive/conversations/{conversationId}/messages");
        Assert.Equal(HttpStatusCode.Conflict, read.StatusCode);
        Assert.Equal("archives.checksum_mismatch", (await read.ReadJsonAsync()).GetProperty("code").GetString());
        var restore = await admin.PostAsync($"/api/v1/archive/{archive.Id}/restore", null);
        Assert.Equal(HttpStatusCode.Conflict, restore.StatusCode);
        Assert.Equal(live, await database.ScalarAsync<long>("SELECT count(*) FROM messages"));
        Assert.Null(await database.QueryAsync(db => db.HistoryArchives.Where(a => a.Id == archive.Id).Select(a => a.RestoredAt).SingleAsync()));

        File.Delete(path);
        var missing = await admin.GetAsync($"/api/v1/archive/conversations/{conversationId}/messages");
        Assert.Equal("archives.file_missing", (await missing.ReadJsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ArchiveHistoryJob_MediaStorageS3_ArchivesAlsoGoToTheBucketAndAreReadFromThere()
    {
        var bucket = $"archives-{Guid.NewGuid():N}";
        var s3 = new S3StorageSettings(TestEnvironment.S3Endpoint, "us-east-1", bucket, "S3RVER", "S3RVER", PathStyle: true);
        using var client = S3MediaBlobStore.CreateClient(s3);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await using var database = await TestDatabase.CreateAsync();
        await using var app = await StartPopulatedAsync(database, Path.Combine(_directory, "archives"), settings =>
        {
            settings["MEDIA_STORAGE_DIR"] = Path.Combine(_directory, "media");
            settings["MEDIA_STORAGE"] = "s3";
            settings["MEDIA_S3_ENDPOINT"] = s3.Endpoint!;
            settings["MEDIA_S3_REGION"] = s3.Region;
            settings["MEDIA_S3_BUCKET"] = bucket;
            settings["MEDIA_S3_ACCESS_KEY"] = "S3RVER";
            settings["MEDIA_S3_SECRET_KEY"] = "S3RVER";
            settings["MEDIA_S3_PATH_STYLE"] = "true";
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ArchiveHistoryJob>().RunAsync(CancellationToken.None);
        }

        var archives = await database.QueryAsync(db => db.HistoryArchives.ToListAsync());
        Assert.Equal(HistoryTables.All.Order(), archives.Select(a => a.TableName).Distinct().Order());
        foreach (var archive in archives)
        {
            using var stored = await client.GetObjectAsync(bucket, ReplicatedArchiveStore.KeyOf(archive.FileName));
            using var copy = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(copy);
            Assert.Equal(archive.Sha256, Convert.ToHexStringLower(SHA256.HashData(copy.ToArray())));
        }

        // The local copy lost: the conversation is read from the bucket, checked against the same checksum.
        var messages = archives.First(a => a.TableName == "messages");
        var conversationId = await database.QueryAsync(db => db.ArchivedConversations.Where(c => c.ArchiveId == messages.Id).Select(c => c.ConversationId).FirstAsync());
        File.Delete(Path.Combine(_directory, "archives", messages.FileName));
        using var admin = app.CreateClient().WithBearer((await app.CreateClient().LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken);
        using var read = await admin.GetAsync($"/api/v1/archive/conversations/{conversationId}/messages");
        Assert.True(read.IsSuccessStatusCode, await read.Content.ReadAsStringAsync());
        Assert.NotEmpty((await read.ReadJsonAsync()).GetProperty("messages").EnumerateArray());
    }

    /// <summary>
    /// An instance with retention set, on a database holding audit rows over the last 120 days (written before the
    /// instance's own, so the chain is in time order), the desk data set over 100 days, status reports and inbox deliveries.
    /// </summary>
    private static async Task<WhatsSuiteApp> StartPopulatedAsync(TestDatabase database, string archiveDirectory, Action<Dictionary<string, string?>>? configure = null)
    {
        await AppendAuditAsync(database, 400);
        var settings = WhatsSuiteApp.ServerSettings(database, $"test-{Guid.NewGuid():N}");
        settings["RETENTION_MESSAGES_MONTHS"] = "1";
        settings["RETENTION_WEBHOOK_INBOX_DAYS"] = "20";
        settings["RETENTION_AUDIT_MONTHS"] = "2";
        settings["ARCHIVE_DIR"] = archiveDirectory;
        configure?.Invoke(settings);
        var app = new WhatsSuiteApp(settings);
        using (var client = app.CreateClient())
        {
            await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
        }

        var generator = await File.ReadAllTextAsync(RepositoryFiles.Path("bench", "scale", "generate.sql"));
        await database.ExecuteAsync(
            $"SET bench.admin_email = '{WhatsSuiteApp.AdminEmail}'; SET bench.queues = '4'; SET bench.supervisors = '2'; SET bench.agents = '8'; SET bench.connections = '2'; "
            + "SET bench.contacts = '200'; SET bench.conversations = '300'; SET bench.messages = '3000'; SET bench.busy_messages = '50'; SET bench.days = '100';\n" + generator);
        await database.ExecuteAsync(
            """
            INSERT INTO message_status_events (id, connection_id, wamid, status, occurred_at, created_at)
            SELECT md5('status:' || id)::uuid, connection_id, wamid, 'Delivered', sent_at + interval '1 minute', sent_at + interval '1 minute'
            FROM messages WHERE direction = 'Outbound';
            INSERT INTO webhook_inbox (id, connection_id, body, status, attempts, progress, split_items, received_at, next_attempt_at, processed_at)
            SELECT md5('inbox:' || i)::uuid, NULL, '{"object":"whatsapp_business_account","n":' || i || '}', 'Processed', 1, 0, 0,
                   now() - make_interval(hours => i * 2), now() - make_interval(hours => i * 2), now() - make_interval(hours => i * 2)
            FROM generate_series(1, 1200) i;
            """);
        return app;
    }

    /// <summary>Appends <paramref name="count"/> chained audit rows spread over the last 120 days up to an hour ago.</summary>
    private static async Task AppendAuditAsync(TestDatabase database, int count)
    {
        await using var context = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(database.ConnectionString).Options);
        var (sequence, hash) = (0L, AuditChain.GenesisHash);
        var start = DateTimeOffset.UtcNow.AddDays(-120);
        for (var i = 0; i < count; i++)
        {
            var row = AuditLog.Record(start.AddMinutes(i * (120.0 * 24 * 60 - 60) / count), ActorKind.System, "job:test", "TestAction", "thing", null, AuditOutcome.Success, null, null, null, null);
            row.LinkAfter(++sequence, hash);
            hash = row.Hash;
            context.AuditLogs.Add(row);
        }

        await context.SaveChangesAsync();
    }

    private static async Task<Dictionary<string, long>> CountsAsync(TestDatabase database)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in HistoryTables.All)
        {
            counts[table] = await database.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        }

        return counts;
    }

    private static async Task<List<string>> LinesAsync(string path)
    {
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
