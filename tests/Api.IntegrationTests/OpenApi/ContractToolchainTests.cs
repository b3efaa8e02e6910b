using System.Text.Json;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>
/// The document served by a live API process, checked with the tools integrators use: Spectral's
/// <c>spectral:oas</c> ruleset finds no error, and a TypeScript client typed only by openapi-typescript's
/// output compiles with <c>tsc --strict</c> and walks the sandbox against that process. The Node.js
/// tools are pinned in tests/contract/package-lock.json.
/// </summary>
public sealed class ContractToolchainTests(LiveApiProcess api) : IClassFixture<LiveApiProcess>
{
    /// <summary>Spectral warnings the document keeps on purpose; README.md ("OpenAPI contract") gives each reason.</summary>
    private static readonly string[] KeptWarnings = ["info-contact", "operation-description"];

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    [NodeFact]
    public async Task Spectral_ServedDocument_HasNoErrorAndOnlyTheWarningsTheReadmeExplains()
    {
        await NodeTools.EnsureInstalledAsync();
        var document = await DownloadDocumentAsync();

        var lint = await NodeTools.NodeAsync(
            [NodeTools.Tool("@stoplight", "spectral-cli", "dist", "index.js"), "lint", document, "--ruleset", ".spectral.yaml", "--format", "json", "--quiet"],
            ToolTimeout);
        File.Delete(document);

        using var results = JsonDocument.Parse(lint.StandardOutput);
        var findings = results.RootElement.EnumerateArray()
            .Select(r => (Code: r.GetProperty("code").GetString()!, Severity: r.GetProperty("severity").GetInt32(), Where: string.Join('/', r.GetProperty("path").EnumerateArray())))
            .ToList();
        var errors = findings.Where(f => f.Severity == 0).Select(f => $"{f.Code} at {f.Where}").ToList();
        Assert.True(errors.Count == 0, $"Spectral found errors in the served document:\n{string.Join("\n", errors)}");
        Assert.Equal(0, lint.ExitCode);
        var unexplained = findings.Where(f => f.Severity == 1 && !KeptWarnings.Contains(f.Code)).Select(f => $"{f.Code} at {f.Where}").ToList();
        Assert.True(unexplained.Count == 0, $"New Spectral warnings: fix them, or keep them and give the reason in README.md:\n{string.Join("\n", unexplained)}");
        var readme = await File.ReadAllTextAsync(RepositoryFiles.Path("README.md"));
        Assert.All(KeptWarnings, code => Assert.Contains($"`{code}`", readme, StringComparison.Ordinal));
    }

    [NodeFact]
    public async Task TypeScriptClient_TypesGeneratedFromTheDocument_CompileStrictAndWalkTheSandbox()
    {
        await NodeTools.EnsureInstalledAsync();
        var document = await DownloadDocumentAsync();
        var build = Path.Combine(Path.GetTempPath(), $"whatssuite-ts-client-{Guid.NewGuid():N}");
        try
        {
            var generate = await NodeTools.NodeAsync(
                [NodeTools.Tool("openapi-typescript", "bin", "cli.js"), document, "--output", Path.Combine("generated", "api.d.ts")], ToolTimeout);
            Assert.True(generate.ExitCode == 0, $"openapi-typescript failed:\n{generate.Output}");

            var compile = await NodeTools.NodeAsync([NodeTools.Tool("typescript", "bin", "tsc"), "--project", "tsconfig.json", "--outDir", build], ToolTimeout);
            Assert.True(compile.ExitCode == 0, $"tsc --strict refused the client typed by the generated types:\n{compile.Output}");

            // The same strictness refuses a client that ignores the MFA branch or reads an undocumented member. The
            // compile above checked the declaration files (the generated types and Node's); checking them again here
            // took two thirds of this compile's CPU.
            var canary = await NodeTools.NodeAsync(
                [NodeTools.Tool("typescript", "bin", "tsc"), "--noEmit", "--strict", "--skipLibCheck", "--target", "ES2022", "--module", "commonjs", "--types", "node", "must-not-compile.ts"],
                ToolTimeout);
            Assert.NotEqual(0, canary.ExitCode);
            Assert.Contains("must-not-compile.ts(10,", canary.Output, StringComparison.Ordinal);
            Assert.Contains("must-not-compile.ts(11,", canary.Output, StringComparison.Ordinal);

            var run = await NodeTools.NodeAsync(
                [Path.Combine(build, "client.js"), api.BaseAddress.ToString(), LiveApiProcess.AdminEmail, LiveApiProcess.AdminSeedPassword, LiveApiProcess.AdminNewPassword],
                ToolTimeout);
            Assert.True(run.ExitCode == 0, $"The TypeScript client failed against the live API:\n{run.Output}\n--- API log ---\n{api.Log}");
            Assert.Contains("\"ok\":true", run.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(document);
            if (Directory.Exists(build))
            {
                Directory.Delete(build, recursive: true);
            }
        }
    }

    [NodeFact]
    public async Task Spectral_BrokenDocument_IsReportedAsErrors()
    {
        // Proves the lint test can fail: a document with a dangling reference and no paths object.
        await NodeTools.EnsureInstalledAsync();
        var document = Path.Combine(Path.GetTempPath(), $"whatssuite-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, """
            {"openapi":"3.0.4","info":{"title":"broken","version":"1"},
             "components":{"schemas":{"A":{"$ref":"#/components/schemas/Missing"}}}}
            """);
        try
        {
            var lint = await NodeTools.NodeAsync(
                [NodeTools.Tool("@stoplight", "spectral-cli", "dist", "index.js"), "lint", document, "--ruleset", ".spectral.yaml", "--format", "json", "--quiet"],
                ToolTimeout);

            using var results = JsonDocument.Parse(lint.StandardOutput);
            Assert.Contains(results.RootElement.EnumerateArray(), r => r.GetProperty("severity").GetInt32() == 0);
            Assert.NotEqual(0, lint.ExitCode);
        }
        finally
        {
            File.Delete(document);
        }
    }

    /// <summary>Saves the document the live process serves (anonymously: OPENAPI_PUBLIC is on by default in Production).</summary>
    private async Task<string> DownloadDocumentAsync()
    {
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        var text = await client.GetStringAsync("swagger/v1/swagger.json");
        var path = Path.Combine(Path.GetTempPath(), $"whatssuite-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
