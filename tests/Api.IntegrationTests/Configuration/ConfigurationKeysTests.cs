using System.Text.RegularExpressions;
using WhatsSuite.Api.IntegrationTests.OpenApi;

namespace WhatsSuite.Api.IntegrationTests.Configuration;

/// <summary>
/// The settings the code reads, the README's configuration table and <c>.env.example</c> name the same keys. The
/// keys read are found in the sources by one mechanism: every read goes through <c>ConfigReader</c> with the key
/// written as a literal (the tests below also fail when a read bypasses it or hides its key in a variable). The backup
/// scripts (<c>scripts/*.sh</c>) read theirs through their <c>setting</c> function, also with literal keys.
/// </summary>
public sealed partial class ConfigurationKeysTests
{
    /// <summary>Read by the code but documented inside another key's row.</summary>
    private static readonly Dictionary<string, string> ReadButDocumentedElsewhere = new(StringComparer.Ordinal)
    {
        ["urls"] = "the --urls argument, described in the ASPNETCORE_URLS row",
    };

    /// <summary>Documented but read by ASP.NET Core itself, not by WhatsSuite's code.</summary>
    private static readonly Dictionary<string, string> ReadByTheHost = new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "the host's environment name",
    };

    [Fact]
    public void ReadKeys_AreAllInTheReadmeTableAndEnvExample()
    {
        var read = ReadKeys().Union(ScriptKeys()).Except(ReadButDocumentedElsewhere.Keys).ToList();

        Assert.True(read.Count >= 60, $"only {read.Count} keys found in the sources");
        var notInReadme = read.Except(ReadmeKeys()).Order(StringComparer.Ordinal).ToList();
        var notInEnvExample = read.Except(EnvExampleKeys()).Order(StringComparer.Ordinal).ToList();
        Assert.True(notInReadme.Count == 0, "read but not in the README's configuration table: " + string.Join(", ", notInReadme));
        Assert.True(notInEnvExample.Count == 0, "read but not in .env.example: " + string.Join(", ", notInEnvExample));
    }

    [Fact]
    public void DocumentedKeys_AreAllRead()
    {
        var read = ReadKeys().Union(ReadByTheHost.Keys).Union(ScriptKeys()).ToHashSet(StringComparer.Ordinal);

        var readmeOnly = ReadmeKeys().Except(read).Order(StringComparer.Ordinal).ToList();
        var envExampleOnly = EnvExampleKeys().Except(read).Order(StringComparer.Ordinal).ToList();
        Assert.True(readmeOnly.Count == 0, "in the README's configuration table but never read: " + string.Join(", ", readmeOnly));
        Assert.True(envExampleOnly.Count == 0, "in .env.example but never read: " + string.Join(", ", envExampleOnly));
    }

    [Fact]
    public void Sources_ReadConfigurationOnlyThroughConfigReaderWithLiteralKeys()
    {
        var offenders = new List<string>();
        foreach (var (file, text) in Sources())
        {
            if (Path.GetFileName(file) != "ConfigReader.cs" && DirectRead().IsMatch(text))
            {
                offenders.Add($"{file}: reads configuration without ConfigReader");
            }

            offenders.AddRange(NonLiteralRead().Matches(text).Select(m => $"{file}: key not written as a literal in '{m.Value}'"));
            offenders.AddRange(ReaderVariable().Matches(text).Where(m => m.Groups["name"].Value != "config")
                .Select(m => $"{file}: a ConfigReader named '{m.Groups["name"].Value}' (name it config)"));
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void Canary_TheScanSeesEveryFormOfRead()
    {
        Assert.Equal(["A_KEY", "B_KEY"], LiteralRead().Matches("""config.Number("A_KEY", 1); new ConfigReader(c).Bool("B_KEY", true);""").Select(m => m.Groups["key"].Value));
        Assert.Matches(NonLiteralRead(), "config.Bool(PublicSetting, true)");
        Assert.Matches(DirectRead(), """builder.Configuration["LOG_LEVEL"]""");
        Assert.Matches(DirectRead(), """configuration.GetConnectionString("Postgres")""");
        Assert.Equal("reader", ReaderVariable().Match("var reader = new ConfigReader(configuration);").Groups["name"].Value);
    }

    /// <summary>Every key read by the product, with <c>:</c> written as <c>__</c> as in environment variables.</summary>
    private static HashSet<string> ReadKeys() => Sources()
        .SelectMany(s => LiteralRead().Matches(s.Text).Select(m => m.Groups["key"].Value.Replace(":", "__", StringComparison.Ordinal)))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every key the shell scripts read with their <c>setting KEY</c> function (the backup scripts).</summary>
    private static HashSet<string> ScriptKeys()
    {
        var keys = Directory.EnumerateFiles(RepositoryFiles.Path("scripts"), "*.sh")
            .SelectMany(f => ScriptRead().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("BACKUP_PASSPHRASE", keys);
        return keys;
    }

    /// <summary>The keys named in the first column of the README's configuration table.</summary>
    private static HashSet<string> ReadmeKeys()
    {
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md"));
        var start = readme.IndexOf("\n## Configuration\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Configuration section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var keys = readme[start..end].Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => BacktickedKey().Matches(line.Split('|')[1]).Select(m => m.Groups["key"].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(keys.Count >= 60, $"only {keys.Count} keys in the README's configuration table");
        return keys;
    }

    /// <summary>The keys of <c>.env.example</c>, set or commented out (<c># KEY=value</c>).</summary>
    private static HashSet<string> EnvExampleKeys()
    {
        var keys = File.ReadAllLines(RepositoryFiles.Path(".env.example"))
            .Select(line => EnvLine().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["key"].Value)
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(keys.Count >= 60, $"only {keys.Count} keys in .env.example");
        return keys;
    }

    private static IEnumerable<(string File, string Text)> Sources() =>
        Directory.EnumerateFiles(RepositoryFiles.Path("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(RepositoryFiles.Root, f), File.ReadAllText(f)));

    private const string Reader = @"(?:\bconfig|\bnew ConfigReader\([^()]*\))\.(?:Text|Number|Bool|Duration|Raw)\(\s*";

    [GeneratedRegex(Reader + "\"(?<key>[^\"]+)\"")]
    private static partial Regex LiteralRead();

    [GeneratedRegex(Reader + "(?!\")[^\\s)]")]
    private static partial Regex NonLiteralRead();

    [GeneratedRegex(@"\b[Cc]onfiguration\s*\[|\.GetConnectionString\(|\.GetValue<|\.GetSection\(|GetEnvironmentVariable\(")]
    private static partial Regex DirectRead();

    [GeneratedRegex(@"(?:\bConfigReader\s+(?<name>\w+)\s*[,)=]|\bvar\s+(?<name>\w+)\s*=\s*new ConfigReader\([^()]*\)\s*;)")]
    private static partial Regex ReaderVariable();

    [GeneratedRegex(@"\bsetting (?<key>[A-Za-z][A-Za-z0-9_]*)\b")]
    private static partial Regex ScriptRead();

    [GeneratedRegex("`(?<key>[A-Za-z][A-Za-z0-9_]*)`")]
    private static partial Regex BacktickedKey();

    [GeneratedRegex(@"^#?\s*(?<key>[A-Za-z][A-Za-z0-9_]*)=")]
    private static partial Regex EnvLine();
}
