using System.Diagnostics;
using System.Text;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>
/// The Node.js tools under tests/contract (Spectral, openapi-typescript, TypeScript), installed with
/// <c>npm ci</c> from its package-lock.json into tests/contract/node_modules when they are missing.
/// </summary>
internal static class NodeTools
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string ContractDirectory => RepositoryFiles.Path("tests", "contract");

    /// <summary>Null when <c>node</c> is on the PATH; otherwise why the Node.js tests are skipped.</summary>
    public static string? MissingReason { get; } = Find("node") is null
        ? "Node.js is not installed (no 'node' on the PATH): the OpenAPI lint and TypeScript client tests need it. Install nodejs and npm (scripts/test.sh does as root)."
        : null;

    /// <summary>Runs <c>npm ci</c> once when the locked tools are not installed yet.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var installed = Path.Combine(ContractDirectory, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(ContractDirectory, "package-lock.json");
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile)
                && File.Exists(Tool("@stoplight/spectral-cli", "dist", "index.js")))
            {
                return;
            }

            var npm = Find("npm") ?? throw new InvalidOperationException("Node.js is installed but npm is not: install npm to run the OpenAPI contract tests.");
            var result = await RunAsync(npm, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, $"npm ci in tests/contract failed:\n{result.Output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>A file of an installed package, for example the CLI script of a tool.</summary>
    public static string Tool(params string[] parts) => Path.Combine([ContractDirectory, "node_modules", .. parts]);

    /// <summary>Runs <c>node</c> with the given arguments in tests/contract.</summary>
    public static Task<ProcessResult> NodeAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        RunAsync(Find("node") ?? throw new InvalidOperationException("node is not on the PATH."), arguments, timeout);

    /// <summary>Runs <paramref name="program"/> in tests/contract, or in <paramref name="workingDirectory"/> when given.</summary>
    public static async Task<ProcessResult> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? ContractDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = new StringBuilder();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        output.Append(await standardOutput);
        var errors = await standardError;
        return new ProcessResult(process.ExitCode, output.ToString(), errors);
    }

    /// <summary>The full path of a program on the PATH, or null.</summary>
    public static string? Find(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => $"{StandardOutput}\n{StandardError}".Trim();
}

/// <summary>A fact that is skipped, with the reason, where Node.js is not installed.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeTools.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
