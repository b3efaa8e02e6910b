using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using WhatsSuite.Api.IntegrationTests.OpenApi;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>
/// The official JavaScript SignalR client (<c>@microsoft/signalr</c>, pinned in tests/signalr-client) in a node process
/// of its own, running tests/signalr-client/desk-client.js against a real listener. Each line the script writes is a
/// JSON object (<c>kind</c>: connected, desk, reconnecting, reconnected, closed, refused); a failed wait reports every
/// line so far, the script's stderr (the client's own log) and its exit code.
/// </summary>
internal sealed class JsDeskClient : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<JsonElement> _parsed = [];
    private readonly TaskCompletionSource _stdoutEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private JsDeskClient(Process process)
    {
        _process = process;
    }

    public static string Directory => RepositoryFiles.Path("tests", "signalr-client");

    /// <summary>What the client wrote so far, and its exit code when it has exited.</summary>
    public string Transcript
    {
        get
        {
            lock (_stdout)
            {
                var exit = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
                return $"--- desk-client.js stdout ({exit}) ---\n{_stdout}--- desk-client.js stderr ---\n{_stderr}";
            }
        }
    }

    /// <summary>Runs <c>npm ci</c> in tests/signalr-client once when the locked package is not installed yet.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var installed = Path.Combine(Directory, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(Directory, "package-lock.json");
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile)
                && File.Exists(Path.Combine(Directory, "node_modules", "@microsoft", "signalr", "package.json")))
            {
                return;
            }

            var npm = NodeTools.Find("npm") ?? throw new InvalidOperationException("Node.js is installed but npm is not: install npm to run the SignalR JavaScript client tests.");
            var result = await NodeTools.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), workingDirectory: Directory);
            Assert.True(result.ExitCode == 0, $"npm ci in tests/signalr-client failed:\n{result.Output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>
    /// Starts the client on <paramref name="hub"/> with <paramref name="token"/>; <paramref name="transport"/> is
    /// <c>WebSockets</c>, <c>ServerSentEvents</c>, <c>LongPolling</c>, or null to let the client choose.
    /// </summary>
    public static async Task<JsDeskClient> StartAsync(Uri hub, string token, string? transport = null, bool expectRefusal = false, int[]? reconnectDelays = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        await EnsureInstalledAsync();
        var options = JsonSerializer.Serialize(new
        {
            url = hub.ToString(),
            token,
            transport,
            expectRefusal,
            reconnectDelays,
            timeoutMs = 180_000,
        });
        var start = new ProcessStartInfo(NodeTools.Find("node") ?? throw new InvalidOperationException("node is not on the PATH."))
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("desk-client.js");
        start.ArgumentList.Add(options);
        start.Environment["NO_COLOR"] = "1";

        var process = new Process { StartInfo = start };
        var client = new JsDeskClient(process);
        process.OutputDataReceived += (_, e) => client.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => client.OnStderr(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("node did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>The next line of <paramref name="kind"/> satisfying <paramref name="match"/>; fails with the transcript after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextAsync(string kind, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                if (line.GetProperty("kind").GetString() == kind && (match is null || match(line)))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            await Task.WhenAny(_stdoutEnded.Task, Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.Fail($"desk-client.js wrote no '{kind}' line{(what is null ? string.Empty : $" ({what})")} within {limit.TotalSeconds} s.\n{Transcript}");
            throw;
        }
    }

    /// <summary>The next desk event of <paramref name="type"/> satisfying <paramref name="match"/> (the envelope, not the line).</summary>
    public async Task<JsonElement> NextEventAsync(string type, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null) =>
        (await NextAsync(
            "desk",
            line => line.GetProperty("event").GetProperty("type").GetString() == type && (match is null || match(line.GetProperty("event"))),
            timeout,
            $"a desk event {type}")).GetProperty("event");

    /// <summary>The lines of <paramref name="kind"/> written so far.</summary>
    public List<JsonElement> Written(string kind)
    {
        lock (_stdout)
        {
            return [.. _parsed.Where(line => line.GetProperty("kind").GetString() == kind)];
        }
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"desk-client.js did not exit within {timeout.TotalSeconds} s.\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>Stops the client (closing stdin makes it stop its connection) or, when it does not exit, kills it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cancel.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            _stdoutEnded.TrySetResult();
            return;
        }

        JsonElement? parsed = null;
        try
        {
            parsed = JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not a line of the protocol: kept in the transcript only.
        }

        lock (_stdout)
        {
            _stdout.AppendLine(line);
            if (parsed is { } element)
            {
                _parsed.Add(element);
            }
        }

        if (parsed is { } next)
        {
            _lines.Writer.TryWrite(next);
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            _stderr.AppendLine(line);
        }
    }
}
