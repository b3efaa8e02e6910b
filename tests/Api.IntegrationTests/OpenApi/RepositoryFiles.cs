namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>Files of the repository the tests run from (README.md, tests/contract, the migrations' SQL scripts).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "WhatsSuite.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No WhatsSuite.sln above {AppContext.BaseDirectory}: run the tests from a checkout of the repository.");
    }
}
