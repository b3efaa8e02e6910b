using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.IntegrationTests.Configuration;

/// <summary>Unit tests of the start-up secret checks; no host is started.</summary>
public sealed class StartupSecretsValidatorTests
{
    private static readonly string GoodKey = Convert.ToBase64String(new byte[32]);

    private static Dictionary<string, string?> Safe() => new()
    {
        ["JWT_SECRET"] = "a-production-secret-of-more-than-32-bytes!",
        ["ADMIN_PASSWORD"] = "A-real-admin-password-7",
        ["ALLOWED_ORIGINS"] = "https://desk.example.com",
        ["DATA_ENCRYPTION_KEY"] = GoodKey,
    };

    private static IReadOnlyList<string> Problems(Dictionary<string, string?> values) =>
        StartupSecretsValidator.FindProblems(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Fact]
    public void FindProblems_SafeConfiguration_FindsNothing()
    {
        Assert.Empty(Problems(Safe()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("too-short-secret")]
    [InlineData(StartupSecretsValidator.ExampleJwtSecret)]
    public void FindProblems_MissingShortOrExampleJwtSecret_NamesJwtSecret(string? secret)
    {
        var values = Safe();
        values["JWT_SECRET"] = secret;

        Assert.Contains("JWT_SECRET", Assert.Single(Problems(values)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://desk.example.com, *")]
    public void FindProblems_WildcardAllowedOrigins_NamesAllowedOrigins(string origins)
    {
        var values = Safe();
        values["ALLOWED_ORIGINS"] = origins;

        Assert.Contains("ALLOWED_ORIGINS", Assert.Single(Problems(values)), StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblems_ExampleAdminPassword_NamesAdminPassword()
    {
        var values = Safe();
        values["ADMIN_PASSWORD"] = StartupSecretsValidator.ExampleAdminPassword;

        Assert.Contains("ADMIN_PASSWORD", Assert.Single(Problems(values)), StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblems_MissingDataEncryptionKey_NamesDataEncryptionKey()
    {
        var values = Safe();
        values.Remove("DATA_ENCRYPTION_KEY");

        Assert.Contains("DATA_ENCRYPTION_KEY", Assert.Single(Problems(values)), StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureSafe_ProductionWithProblem_Throws()
    {
        var values = Safe();
        values.Remove("DATA_ENCRYPTION_KEY");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var error = Assert.Throws<InvalidOperationException>(() => StartupSecretsValidator.EnsureSafe(configuration, new Environment("Production")));

        Assert.Contains("DATA_ENCRYPTION_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureSafe_OutsideProductionWithProblems_ReturnsThemWithoutThrowing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();

        var problems = StartupSecretsValidator.EnsureSafe(configuration, new Environment("Development"));

        Assert.Contains(problems, p => p.Contains("JWT_SECRET", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("DATA_ENCRYPTION_KEY", StringComparison.Ordinal));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "WhatsSuite.Api";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
