using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.OpenApi;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.AuditLogs.VerifyAuditChain;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Media;

namespace WhatsSuite.Api.IntegrationTests.Backups;

/// <summary>
/// The backup and restore drill (README "Backups", ADR 0040): <c>scripts/backup.sh</c> of a populated instance, restored
/// by <c>scripts/restore.sh</c> into a fresh database and storage, gives the same rows, messages, media bytes, archive
/// files and an intact audit chain; a changed backup, a wrong passphrase and a non-empty target are refused and change nothing.
/// The server facts read one populated instance and its backup (<see cref="PopulatedServer"/>); none of them changes either.
/// </summary>
public sealed class BackupRestoreDrillTests : IClassFixture<BackupRestoreDrillTests.PopulatedServer>, IDisposable
{
    private const string Passphrase = "drill passphrase, long enough 42";
    private const int ExitUnreadable = 3;
    private const int ExitCorrupt = 4;
    private const int ExitNotEmpty = 5;

    private const string MessageFingerprints = "SELECT string_agg(md5(row_to_json(m)::text), ',' ORDER BY m.id) FROM messages m";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-drill-{Guid.NewGuid():N}");

    private readonly PopulatedServer _server;

    public BackupRestoreDrillTests(PopulatedServer server)
    {
        _server = server;
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task BackupAndRestore_PopulatedServerInstance_RestoresTheSameRowsMediaArchivesAndAnIntactAuditChain()
    {
        var (source, sourceStorage, backup) = (_server.Database, _server.Storage, _server.Backup);

        Assert.True(_server.BackedUp.ExitCode == 0, _server.BackedUp.Output);
        // One OpenPGP message that opens with a passphrase-encrypted session key packet (tag 3): nothing readable.
        var bytes = await File.ReadAllBytesAsync(backup);
        Assert.True(bytes[0] == 0xC3 || ((bytes[0] & 0xC0) == 0x80 && ((bytes[0] >> 2) & 0x0F) == 3), $"first byte 0x{bytes[0]:x2}");
        Assert.DoesNotContain(Passphrase, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);

        await using var target = await TestDatabase.CreateEmptyAsync();
        var targetStorage = Storage("target");
        var restored = await RunAsync("restore.sh", ServerEnvironment(target, targetStorage), backup);

        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains("restored and verified", restored.Output, StringComparison.Ordinal);
        foreach (var table in HistoryTables.All.Append("conversations").Append("contacts").Append("users").Append("history_archives"))
        {
            Assert.Equal(await source.ScalarAsync<long>($"SELECT count(*) FROM {table}"), await target.ScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }

        Assert.True(await target.ScalarAsync<long>("SELECT count(*) FROM messages") >= 300);
        Assert.Equal(await source.ScalarAsync<string>(MessageFingerprints), await target.ScalarAsync<string>(MessageFingerprints));
        var sample = await source.QueryAsync(db => db.Messages.OrderBy(m => m.Id).Skip(137).Select(m => new { m.Id, m.Text, m.Content, m.SentAt, m.ConversationId }).FirstAsync());
        Assert.Equal(sample, await target.QueryAsync(db => db.Messages.Where(m => m.Id == sample.Id).Select(m => new { m.Id, m.Text, m.Content, m.SentAt, m.ConversationId }).SingleAsync()));
        Assert.Equal(Files(sourceStorage.Media), Files(targetStorage.Media));
        Assert.Equal(Files(sourceStorage.Archives), Files(targetStorage.Archives));
        var verdict = await target.QueryAsync(db => AuditChainVerifier.VerifyAsync(db, CancellationToken.None));
        Assert.True(verdict.Intact);
        Assert.Equal(await source.QueryAsync(db => db.AuditLogs.LongCountAsync()), verdict.RowsChecked);
        Assert.True(verdict.RowsChecked > 0);

        // A second restore into the same, now populated target is refused before anything is touched.
        var again = await RunAsync("restore.sh", ServerEnvironment(target, targetStorage), backup);

        Assert.True(again.ExitCode == ExitNotEmpty, again.Output);
        Assert.Contains("not empty", again.Output, StringComparison.Ordinal);
        Assert.Equal(await source.ScalarAsync<string>(MessageFingerprints), await target.ScalarAsync<string>(MessageFingerprints));

        // The API's verify-audit-chain verb, which the restore runs, fails on a chain whose row was changed.
        await target.ExecuteAsync("SET session_replication_role = replica; UPDATE audit_logs SET action = 'Rewritten' WHERE sequence = 2");
        var verified = await RunApiAsync(ServerEnvironment(target, targetStorage), "verify-audit-chain");

        Assert.True(verified.ExitCode == 3, verified.Output);
        Assert.Contains("content_changed", verified.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_ChangedBackupOrWrongPassphrase_IsRefusedAndChangesNothing()
    {
        var (source, sourceStorage, backup) = (_server.Database, _server.Storage, _server.Backup);
        Assert.True(_server.BackedUp.ExitCode == 0, _server.BackedUp.Output);
        await using var target = await TestDatabase.CreateEmptyAsync();
        var targetStorage = Storage("target");

        // One bit flipped in the middle of the encrypted file.
        var tampered = Path.Combine(_directory, "tampered.backup");
        var bytes = await File.ReadAllBytesAsync(backup);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(tampered, bytes);
        var changed = await RunAsync("restore.sh", ServerEnvironment(target, targetStorage), tampered);

        Assert.True(changed.ExitCode == ExitUnreadable, changed.Output);
        await AssertUntouchedAsync(target, targetStorage);

        // The right file with the wrong passphrase.
        var environment = ServerEnvironment(target, targetStorage);
        environment["BACKUP_PASSPHRASE"] = "not the passphrase of this backup";
        var wrong = await RunAsync("restore.sh", environment, backup);

        Assert.True(wrong.ExitCode == ExitUnreadable, wrong.Output);
        Assert.Contains("cannot be decrypted", wrong.Output, StringComparison.Ordinal);
        await AssertUntouchedAsync(target, targetStorage);

        // Correctly encrypted (someone who has the passphrase) but a file inside changed: the manifest refuses it.
        var repacked = await RepackWithChangedMediaFileAsync(backup);
        var corrupt = await RunAsync("restore.sh", ServerEnvironment(target, targetStorage), repacked);

        Assert.True(corrupt.ExitCode == ExitCorrupt, corrupt.Output);
        Assert.Contains("do not match its manifest", corrupt.Output, StringComparison.Ordinal);
        await AssertUntouchedAsync(target, targetStorage);

        // Without a passphrase nothing is written at all.
        var noKey = ServerEnvironment(source, sourceStorage);
        noKey.Remove("BACKUP_PASSPHRASE");
        var refused = await RunAsync("backup.sh", noKey, "--output", Path.Combine(_directory, "plain.backup"));

        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.False(File.Exists(Path.Combine(_directory, "plain.backup")));
    }

    [Fact]
    public async Task BackupAndRestore_RunningEmbeddedInstance_RestoresAConsistentCopyOfTheSqliteDatabase()
    {
        var sourcePath = Path.Combine(_directory, "source", "whatssuite.db");
        var sourceStorage = Storage("source");
        var settings = WhatsSuiteApp.EmbeddedSettings(sourcePath);
        settings["MEDIA_STORAGE_DIR"] = sourceStorage.Media;
        settings["ARCHIVE_DIR"] = sourceStorage.Archives;
        await using var app = new WhatsSuiteApp(settings);
        using (var client = app.CreateClient())
        {
            var session = await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
            using var admin = app.CreateClient().WithBearer(session.AccessToken);
            for (var i = 0; i < 3; i++)
            {
                (await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Embedded queue {i}" })).EnsureSuccessStatusCode();
            }
        }

        await WriteMediaAndArchiveAsync(sourceStorage);
        var auditRowsBefore = await SqliteCountAsync(sourcePath, "audit_logs");
        var backup = Path.Combine(_directory, "embedded.backup");

        // The instance keeps running: VACUUM INTO copies one consistent state of the live database (WAL included).
        var backedUp = await RunAsync("backup.sh", EmbeddedEnvironment(sourcePath, sourceStorage), "--output", backup);

        Assert.True(backedUp.ExitCode == 0, backedUp.Output);
        var targetPath = Path.Combine(_directory, "target", "whatssuite.db");
        var targetStorage = Storage("target");
        var restored = await RunAsync("restore.sh", EmbeddedEnvironment(targetPath, targetStorage), backup);

        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains("restored and verified", restored.Output, StringComparison.Ordinal);
        Assert.Equal(await SqliteCountAsync(sourcePath, "queues"), await SqliteCountAsync(targetPath, "queues"));
        Assert.True(await SqliteCountAsync(targetPath, "audit_logs") >= auditRowsBefore);
        Assert.Equal(Files(sourceStorage.Media), Files(targetStorage.Media));
        Assert.Equal(Files(sourceStorage.Archives), Files(targetStorage.Archives));
    }

    [Fact]
    public async Task BackupAndRestore_MediaInAnS3Bucket_RestoresEveryObjectIntoAFreshBucket()
    {
        var sourceBucket = $"drill-{Guid.NewGuid():N}";
        var targetBucket = $"drill-{Guid.NewGuid():N}";
        using var s3 = S3MediaBlobStore.CreateClient(new S3StorageSettings(TestEnvironment.S3Endpoint, "us-east-1", sourceBucket, "S3RVER", "S3RVER", PathStyle: true));
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = sourceBucket });
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = targetBucket });
        for (var i = 0; i < 4; i++)
        {
            var content = RandomNumberGenerator.GetBytes(2000 + (i * 700));
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));
            await PutAsync(s3, sourceBucket, $"media/connection-1/{sha[..2]}/{sha}", content);
        }

        await PutAsync(s3, sourceBucket, "archives/messages/2026-01-a-jsonl-gz", RandomNumberGenerator.GetBytes(500));
        var (source, sourceStorage) = (_server.Database, _server.Storage);
        var backup = Path.Combine(_directory, "s3.backup");

        var backedUp = await RunAsync("backup.sh", S3Environment(source, sourceStorage, sourceBucket), "--output", backup);

        Assert.True(backedUp.ExitCode == 0, backedUp.Output);
        await using var target = await TestDatabase.CreateEmptyAsync();
        var targetStorage = Storage("target");
        var restored = await RunAsync("restore.sh", S3Environment(target, targetStorage, targetBucket), backup);

        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains("restored and verified", restored.Output, StringComparison.Ordinal);
        Assert.Equal(await ObjectsAsync(s3, sourceBucket), await ObjectsAsync(s3, targetBucket));
        Assert.Equal(await source.ScalarAsync<string>(MessageFingerprints), await target.ScalarAsync<string>(MessageFingerprints));
        Assert.Equal(Files(sourceStorage.Archives), Files(targetStorage.Archives));
    }

    internal sealed record StorageDirectories(string Media, string Archives);

    internal sealed record ProcessResult(int ExitCode, string Output);

    private StorageDirectories Storage(string name) => StorageUnder(_directory, name);

    private static StorageDirectories StorageUnder(string directory, string name) =>
        new(Path.Combine(directory, name, "media"), Path.Combine(directory, name, "archives"));

    /// <summary>An instance with conversations, messages, audit rows (sign-ins and changes through the API), media files and an archive file.</summary>
    private static async Task PopulateAsync(TestDatabase database, StorageDirectories storage)
    {
        var settings = WhatsSuiteApp.ServerSettings(database, $"test-{Guid.NewGuid():N}");
        settings["MEDIA_STORAGE_DIR"] = storage.Media;
        settings["ARCHIVE_DIR"] = storage.Archives;
        await using (var app = new WhatsSuiteApp(settings))
        {
            using var client = app.CreateClient();
            var session = await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
            using var admin = app.CreateClient().WithBearer(session.AccessToken);
            for (var i = 0; i < 3; i++)
            {
                (await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Drill queue {i}" })).EnsureSuccessStatusCode();
            }
        }

        var generator = await File.ReadAllTextAsync(RepositoryFiles.Path("bench", "scale", "generate.sql"));
        await database.ExecuteAsync(
            $"SET bench.admin_email = '{WhatsSuiteApp.AdminEmail}'; SET bench.queues = '2'; SET bench.supervisors = '1'; SET bench.agents = '4'; SET bench.connections = '1'; "
            + "SET bench.contacts = '100'; SET bench.conversations = '80'; SET bench.messages = '400'; SET bench.busy_messages = '20'; SET bench.days = '40';\n" + generator);

        await WriteMediaAndArchiveAsync(storage);
    }

    /// <summary>Media files (opaque bytes under their content hash, as the store keeps them) and a gzip archive file.</summary>
    private static async Task WriteMediaAndArchiveAsync(StorageDirectories storage)
    {
        for (var i = 0; i < 5; i++)
        {
            var content = RandomNumberGenerator.GetBytes(3000 + (i * 1000));
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));
            var path = Path.Combine(storage.Media, "media", "connection-1", sha[..2], sha);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content);
        }

        var archive = Path.Combine(storage.Archives, "messages", $"2026-01-{Guid.NewGuid():N}.jsonl.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        await using var file = File.Create(archive);
        await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"table\":\"messages\",\"row\":{\"id\":\"00000000-0000-0000-0000-000000000001\"}}\n"));
    }

    private static Dictionary<string, string> ServerEnvironment(TestDatabase database, StorageDirectories storage) => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings__Postgres"] = database.ConnectionString,
        ["MEDIA_STORAGE_DIR"] = storage.Media,
        ["ARCHIVE_DIR"] = storage.Archives,
        ["BACKUP_PASSPHRASE"] = Passphrase,
        ["BACKUP_API_COMMAND"] = $"dotnet {ApiAssembly()}",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["JWT_SECRET"] = TestEnvironment.JwtSecret,
        ["LOG_FORMAT"] = "text",
    };

    private static Dictionary<string, string> EmbeddedEnvironment(string sqlitePath, StorageDirectories storage) => new(StringComparer.Ordinal)
    {
        ["SQLITE_PATH"] = sqlitePath,
        ["MEDIA_STORAGE_DIR"] = storage.Media,
        ["ARCHIVE_DIR"] = storage.Archives,
        ["BACKUP_PASSPHRASE"] = Passphrase,
        ["BACKUP_API_COMMAND"] = $"dotnet {ApiAssembly()}",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["JWT_SECRET"] = TestEnvironment.JwtSecret,
        ["DATA_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["LOG_FORMAT"] = "text",
    };

    private static Dictionary<string, string> S3Environment(TestDatabase database, StorageDirectories storage, string bucket)
    {
        var environment = ServerEnvironment(database, storage);
        environment["MEDIA_STORAGE"] = "s3";
        environment["MEDIA_S3_ENDPOINT"] = TestEnvironment.S3Endpoint;
        environment["MEDIA_S3_BUCKET"] = bucket;
        environment["MEDIA_S3_ACCESS_KEY"] = "S3RVER";
        environment["MEDIA_S3_SECRET_KEY"] = "S3RVER";
        environment["MEDIA_S3_PATH_STYLE"] = "true";
        return environment;
    }

    private static async Task PutAsync(AmazonS3Client s3, string bucket, string key, byte[] content)
    {
        using var stream = new MemoryStream(content);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = stream });
    }

    /// <summary>Every object of a bucket: key and SHA-256 of its bytes.</summary>
    private static async Task<SortedDictionary<string, string>> ObjectsAsync(AmazonS3Client s3, string bucket)
    {
        var objects = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        foreach (var entry in listed.S3Objects ?? [])
        {
            using var response = await s3.GetObjectAsync(bucket, entry.Key);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes);
            objects[entry.Key] = Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
        }

        Assert.Equal(5, objects.Count);
        return objects;
    }

    private static async Task<long> SqliteCountAsync(string path, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The table names are the test's own constants.
        command.CommandText = $"SELECT count(*) FROM {table}";
#pragma warning restore CA2100
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The API beside the tests (built with them), run as the operator runs it.</summary>
    private static string ApiAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "WhatsSuite.Api.dll");
        Assert.True(File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), $"{path} or its runtimeconfig.json is missing");
        return path;
    }

    private static async Task AssertUntouchedAsync(TestDatabase target, StorageDirectories storage)
    {
        Assert.Equal(0L, await target.ScalarAsync<long>("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"));
        Assert.False(Directory.Exists(storage.Media) && Directory.EnumerateFileSystemEntries(storage.Media).Any());
        Assert.False(Directory.Exists(storage.Archives) && Directory.EnumerateFileSystemEntries(storage.Archives).Any());
    }

    /// <summary>Every file under a directory: relative path and SHA-256.</summary>
    private static SortedDictionary<string, string> Files(string root)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(root, file)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        }

        Assert.NotEmpty(files);
        return files;
    }

    /// <summary>Decrypts the backup, changes one media file (not the manifest) and encrypts it again with the right passphrase.</summary>
    private async Task<string> RepackWithChangedMediaFileAsync(string backup)
    {
        var work = Path.Combine(_directory, "repack");
        var contents = Path.Combine(work, "contents");
        Directory.CreateDirectory(contents);
        var home = Path.Combine(work, "gnupg");
        Directory.CreateDirectory(home);
        string[] gpg = ["--homedir", home, "--batch", "--quiet", "--no-symkey-cache", "--pinentry-mode", "loopback", "--passphrase-fd", "0"];
        Assert.Equal(0, (await RunProcessAsync("gpg", [.. gpg, "--decrypt", "--output", Path.Combine(work, "payload.tar.gz"), backup], [], Passphrase)).ExitCode);
        Assert.Equal(0, (await RunProcessAsync("tar", ["-C", contents, "-xzf", Path.Combine(work, "payload.tar.gz")], [])).ExitCode);
        var media = Directory.EnumerateFiles(Path.Combine(contents, "media"), "*", SearchOption.AllDirectories).First();
        var bytes = await File.ReadAllBytesAsync(media);
        bytes[0] ^= 0x01;
        await File.WriteAllBytesAsync(media, bytes);
        File.Delete(Path.Combine(work, "payload.tar.gz"));
        Assert.Equal(0, (await RunProcessAsync("tar", ["-C", contents, "-czf", Path.Combine(work, "payload.tar.gz"), "."], [])).ExitCode);
        var repacked = Path.Combine(_directory, "repacked.backup");
        Assert.Equal(0, (await RunProcessAsync("gpg", [.. gpg, "--symmetric", "--cipher-algo", "AES256", "--output", repacked, Path.Combine(work, "payload.tar.gz")], [], Passphrase)).ExitCode);
        await RunProcessAsync("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], []);
        return repacked;
    }

    private static Task<ProcessResult> RunAsync(string script, Dictionary<string, string> environment, params string[] arguments) =>
        RunProcessAsync("bash", [RepositoryFiles.Path("scripts", script), .. arguments], environment);

    private static Task<ProcessResult> RunApiAsync(Dictionary<string, string> environment, string verb) =>
        RunProcessAsync("dotnet", [ApiAssembly(), verb], environment);

    /// <summary>Runs a process with only the deployment settings given (none inherited), its output and errors together.</summary>
    private static async Task<ProcessResult> RunProcessAsync(string file, string[] arguments, Dictionary<string, string> environment, string? input = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(IsDeploymentSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await output + await errors);
    }

    /// <summary>A populated server instance (database, media and archive files) and its backup, made once for the class.</summary>
    public sealed class PopulatedServer : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-drill-source-{Guid.NewGuid():N}");
        private TestDatabase? _database;

        public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

        public string Backup => Path.Combine(_directory, "drill.backup");

        internal StorageDirectories Storage => StorageUnder(_directory, "source");

        /// <summary>What <c>backup.sh</c> said; the facts assert it succeeded.</summary>
        internal ProcessResult BackedUp { get; private set; } = new(-1, "not run");

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_directory);
            _database = await TestDatabase.CreateAsync();
            await PopulateAsync(_database, Storage);
            BackedUp = await RunAsync("backup.sh", ServerEnvironment(_database, Storage), "--output", Backup);
        }

        public async Task DisposeAsync()
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }

            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool IsDeploymentSetting(string key) =>
        key.StartsWith("POSTGRES_", StringComparison.Ordinal) || key.StartsWith("ConnectionStrings", StringComparison.Ordinal)
        || key.StartsWith("MEDIA_", StringComparison.Ordinal) || key.StartsWith("BACKUP_", StringComparison.Ordinal)
        || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("REDIS_", StringComparison.Ordinal)
        || key is "SQLITE_PATH" or "ARCHIVE_DIR" or "JWT_SECRET" or "DATA_ENCRYPTION_KEY";
}
