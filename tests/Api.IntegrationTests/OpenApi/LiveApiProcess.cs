using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>
/// The real API as its own process (<c>dotnet WhatsSuite.Api.dll</c>), in Production and embedded mode,
/// on a free loopback port with a SQLite file in a temporary folder and MFA not required; the admin still
/// has the seeded password. Clients outside .NET (the TypeScript client) talk to it over HTTP.
/// </summary>
public sealed class LiveApiProcess : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminSeedPassword = "Seeded-admin-password-1";
    public const string AdminNewPassword = "Chosen-admin-password-2";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-live-{Guid.NewGuid():N}");
    private readonly StringBuilder _log = new();
    private Process? _process;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>What the process wrote so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        if (NodeTools.MissingReason is not null)
        {
            return; // The tests that use this process are skipped.
        }

        Directory.CreateDirectory(_directory);
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WhatsSuite.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.GetLeftPart(UriPartial.Authority));
        foreach (var inherited in new[] { "POSTGRES_HOST", "ConnectionStrings__Postgres", "REDIS_URL", "ASPNETCORE_URLS", "PORT" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["JWT_SECRET"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        start.Environment["DATA_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["HTTP_REQUIRE_HTTPS"] = "false";
        var database = Path.Combine(_directory, "whatssuite.db");
        SqliteTemplate.CopyTo(database);
        start.Environment["SQLITE_PATH"] = database;
        start.Environment["MFA_REQUIRED_ROLES"] = "none";
        start.Environment["ADMIN_EMAIL"] = AdminEmail;
        start.Environment["ADMIN_PASSWORD"] = AdminSeedPassword;
        start.Environment["BCRYPT_SALT_ROUNDS"] = "4";
        start.Environment["HANGFIRE_WORKERS"] = "2";
        start.Environment["LOG_LEVEL"] = "warn";
        start.Environment["SERVICE_INSTANCE_ID"] = "contract-tests";

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // A deadline, not a wait: the process starts cold (JIT, migrations) while other test classes run beside it.
        var deadline = DateTime.UtcNow.Add(ReadyTimeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode} before it answered:\n{Log}");
            }

            try
            {
                if ((await client.GetAsync("api/v1/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The API did not become ready on {BaseAddress} within {ReadyTimeout.TotalSeconds} s:\n{Log}");
            }

            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
