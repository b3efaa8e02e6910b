using System.Text.RegularExpressions;

namespace WhatsSuite.Architecture.Tests;

/// <summary>
/// Every error a feature can answer is defined in one place, its <c>*Errors.cs</c> file (for example
/// <c>Application/Queues/QueueErrors.cs</c>; errors several features share are in <c>Common/Results/Errors.cs</c>):
/// no handler, DTO file, behaviour or endpoint makes up a code and message of its own.
/// </summary>
public sealed partial class ErrorDefinitionTests
{
    [Fact]
    public void ErrorDefinitions_LiveOnlyInErrorsFiles()
    {
        var definitions = RepositoryFiles.ProductSources()
            .Select(f => (File: f, Count: ErrorDefinition().Count(File.ReadAllText(f))))
            .Where(f => f.Count > 0)
            .ToList();

        Assert.True(definitions.Sum(d => d.Count) >= 40, $"only {definitions.Sum(d => d.Count)} error definitions found");
        var misplaced = definitions.Where(d => !Path.GetFileName(d.File).EndsWith("Errors.cs", StringComparison.Ordinal))
            .Select(d => RepositoryFiles.Relative(d.File)).ToList();
        Assert.True(misplaced.Count == 0, "errors defined outside an *Errors.cs file: " + string.Join(", ", misplaced));
    }

    [Fact]
    public void Canary_ADefinitionInAHandler_IsSeen()
    {
        const string Handler = """return Error.NotFound("queues.not_found", $"Queue '{id}' does not exist.");""";

        Assert.Matches(ErrorDefinition(), Handler);
    }

    /// <summary>A call of one of <c>Error</c>'s factories with a code: the definition of an error.</summary>
    [GeneratedRegex(@"\bError\.(Unauthorized|Forbidden|NotFound|Conflict|Unprocessable|Locked|TooManyRequests)\(")]
    private static partial Regex ErrorDefinition();
}
