using System.Reflection;
using NetArchTest.Rules;

namespace WhatsSuite.Architecture.Tests;

/// <summary>
/// References point inward only: Api → Infrastructure → Application → Domain.
/// NetArchTest 1.3 matches a dependency when its namespace starts with the given root and never matches a
/// root written with a trailing dot, so roots are written without one; the canary below uses the same
/// form and proves that a broken rule is reported.
/// </summary>
public sealed class LayerRulesTests
{
    private static readonly Assembly Domain = typeof(Domain.Users.User).Assembly;
    private static readonly Assembly Application = typeof(Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(Program).Assembly;

    public static TheoryData<string, string, string[]> Rules() => new()
    {
        {
            "Domain", "depends on no other layer nor on frameworks",
            ["WhatsSuite.Application", "WhatsSuite.Infrastructure", "WhatsSuite.Api", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore",
             "Npgsql", "StackExchange.Redis", "Hangfire", "Mediator", "FluentValidation", "Microsoft.Extensions"]
        },
        {
            "Application", "depends only on Domain and its own abstractions",
            ["WhatsSuite.Infrastructure", "WhatsSuite.Api", "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.Data.Sqlite", "Npgsql",
             "StackExchange.Redis", "Hangfire", "Microsoft.AspNetCore", "Microsoft.IdentityModel", "BCrypt"]
        },
        {
            "Infrastructure", "does not depend on the Api",
            ["WhatsSuite.Api"]
        },
    };

    private static Assembly AssemblyOf(string layer) => layer switch
    {
        "Domain" => Domain,
        "Application" => Application,
        "Infrastructure" => Infrastructure,
        "Api" => Api,
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, null),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Layer_HasNoForbiddenDependency(string layer, string rule, string[] forbidden)
    {
        var result = Types.InAssembly(AssemblyOf(layer)).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{layer} {rule}; offending types: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [InlineData("Domain", new string[0])]
    [InlineData("Application", new[] { "WhatsSuite.Domain" })]
    [InlineData("Infrastructure", new[] { "WhatsSuite.Application", "WhatsSuite.Domain" })]
    [InlineData("Api", new[] { "WhatsSuite.Infrastructure", "WhatsSuite.Application", "WhatsSuite.Domain" })]
    public void Layer_ReferencesOnlyInnerProjects(string layer, string[] allowed)
    {
        var references = AssemblyOf(layer).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("WhatsSuite.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(allowed.Order(StringComparer.Ordinal), references);
    }

    [Fact]
    public void Canary_ARuleThatIsBroken_IsReportedAsBroken()
    {
        // The Api does depend on the Application layer; a rule that says otherwise must fail, or the
        // rules above prove nothing.
        var result = Types.InAssembly(Api).ShouldNot().HaveDependencyOn("WhatsSuite.Application").GetResult();

        Assert.False(result.IsSuccessful);
        Assert.NotEmpty(result.FailingTypeNames);
    }
}
