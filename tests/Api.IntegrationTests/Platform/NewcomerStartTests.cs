using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Api.Logging;

namespace WhatsSuite.Api.IntegrationTests.Platform;

/// <summary>
/// The first minutes with <c>dotnet run</c> (Development, embedded): the admin can try the API without enrolling in
/// MFA first, start-up says so once, the console is readable, and a fresh database starts without an error line.
/// </summary>
public sealed class NewcomerStartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-newcomer-{Guid.NewGuid():N}");

    private string SqlitePath => Path.Combine(_directory, "whatssuite.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_DevelopmentWithoutMfaRequiredRoles_AdminTriesTheApiAndStartUpSaysMfaIsNotEnforced()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(SqlitePath);
        settings.Remove("MFA_REQUIRED_ROLES");
        settings["environment"] = "Development";
        await using var app = new WhatsSuiteApp(settings);
        using var client = app.CreateClient();

        var token = await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, (await client.WithBearer(token.AccessToken).GetAsync("/api/v1/users")).StatusCode);
        var notice = Assert.Single(app.Logs, l => l.Contains("not enforced", StringComparison.Ordinal));
        Assert.Contains("MFA_REQUIRED_ROLES", notice, StringComparison.Ordinal);
        Assert.Equal(TextLogFormatter.FormatterName, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public async Task Start_FreshPostgresDatabase_LogsNoError()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.ServerSettings(database, $"test-{Guid.NewGuid():N}"));
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/ready")).StatusCode);
        Assert.Contains(app.Logs, l => l.Contains("Created the first ADMIN", StringComparison.Ordinal));
        Assert.True(!app.Logs.Any(IsErrorLine), string.Join(Environment.NewLine, app.Logs.Where(IsErrorLine)));
    }

    [Fact]
    public async Task Start_FreshSqliteDatabase_LogsNoError()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(SqlitePath, fresh: true));
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/ready")).StatusCode);
        Assert.True(!app.Logs.Any(IsErrorLine), string.Join(Environment.NewLine, app.Logs.Where(IsErrorLine)));
    }

    [Theory]
    [InlineData("Development", null, TextLogFormatter.FormatterName)]
    [InlineData("Development", "json", JsonLogFormatter.FormatterName)]
    [InlineData("Development", " JSON ", JsonLogFormatter.FormatterName)]
    [InlineData("Production", null, JsonLogFormatter.FormatterName)]
    [InlineData("Production", "", JsonLogFormatter.FormatterName)]
    [InlineData("Production", "text", TextLogFormatter.FormatterName)]
    [InlineData("Staging", null, JsonLogFormatter.FormatterName)]
    public void FormatterFor_EnvironmentAndLogFormat_PicksTextOnlyInDevelopmentOrWhenAsked(string environment, string? logFormat, string expected)
    {
        Assert.Equal(expected, LoggingSetup.FormatterFor(logFormat, new HostEnvironment(environment)));
    }

    [Fact]
    public void FormatterFor_UnknownLogFormat_StopsStartUpNamingTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LoggingSetup.FormatterFor("xml", new HostEnvironment("Production")));

        Assert.Contains("LOG_FORMAT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextFormatter_GeneratedAdminPassword_StandsOutAndOtherLinesAreReadable()
    {
        var formatter = new TextLogFormatter();
        using var output = new StringWriter();

        formatter.Write(Entry(LogLevel.Information, "WhatsSuite.Api.Infrastructure.RequestContextMiddleware", 100, "GET /api/v1/users answered 200 in 3.1 ms"), null, output);
        formatter.Write(Entry(LogLevel.Warning, "WhatsSuite.Infrastructure.Persistence.DatabaseInitializer", TextLogFormatter.GeneratedAdminPasswordEventId, "Created the first ADMIN a@b.c with the generated password Xy-123"), null, output);

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Matches(@"^\d\d:\d\d:\d\d info RequestContextMiddleware: GET /api/v1/users answered 200 in 3\.1 ms$", lines[0]);
        var banner = Array.FindIndex(lines, l => l.Contains("generated password Xy-123", StringComparison.Ordinal));
        Assert.StartsWith("====", lines[banner - 1], StringComparison.Ordinal);
        Assert.StartsWith("====", lines[banner + 1], StringComparison.Ordinal);
        Assert.Contains("FIRST ADMIN", lines[banner], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith('{'));
    }

    private static LogEntry<string> Entry(LogLevel level, string category, int eventId, string message) =>
        new(level, category, new EventId(eventId), message, null, (state, _) => state);

    private static bool IsErrorLine(string line) => line.Split(' ', 3) is [_, "Error" or "Critical", ..];

    private sealed class HostEnvironment(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "WhatsSuite.Api";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
