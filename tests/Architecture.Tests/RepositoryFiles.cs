namespace WhatsSuite.Architecture.Tests;

/// <summary>The source files of the checkout the tests run from.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The product's C# sources (src), without build output.</summary>
    public static IEnumerable<string> ProductSources() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WhatsSuite.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No WhatsSuite.sln above {AppContext.BaseDirectory}: run the tests from a checkout of the repository.");
    }
}
