using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// The embedded-mode counterpart of <see cref="TestDatabase"/>'s template: one SQLite file per test process with every
/// migration applied, copied to a test's database path before its host starts, so an embedded host starts on the
/// current schema without migrating (SQLite rebuilds tables in several migrations, seconds per start on a busy
/// machine). Start-up still runs the migrator, which finds nothing to do, and seeds the admin as on any empty database.
/// Tests about a first start on a new file ask for a fresh one instead.
/// </summary>
internal static class SqliteTemplate
{
    private static readonly Lazy<string> File = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Puts a copy of the migrated template at <paramref name="path"/>, unless a database is already there (a restart).</summary>
    public static void CopyTo(string path)
    {
        if (System.IO.File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        System.IO.File.Copy(File.Value, path);
    }

    private static string Build()
    {
        var path = Path.Combine(Path.GetTempPath(), $"whatssuite-sqlite-template-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        using (var db = new SqliteAppDbContext(options))
        {
            db.Database.Migrate();
        }

        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.File.Delete(path);
        return path;
    }
}
