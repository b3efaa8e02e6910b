using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.IntegrationTests.Configuration;

public sealed class MfaSettingsTests
{
    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    [InlineData("Staging", false)]
    public void Load_Unset_RequiresAdminInProductionOnly(string environment, bool adminRequired)
    {
        var settings = MfaSettings.Load(Configuration(null), new Environment(environment));

        Assert.Equal(adminRequired ? "ADMIN" : string.Empty, string.Join(',', settings.RequiredRoles.Order()));
    }

    [Theory]
    [InlineData("Production", "", "")]
    [InlineData("Production", "none", "")]
    [InlineData("Development", "ADMIN", "ADMIN")]
    [InlineData("Development", "admin, supervisor", "ADMIN,SUPERVISOR")]
    public void Load_Set_IsTakenAsWrittenInEveryEnvironment(string environment, string value, string expected)
    {
        var settings = MfaSettings.Load(Configuration(value), new Environment(environment));

        Assert.Equal(expected, string.Join(',', settings.RequiredRoles.Order()));
    }

    private static IConfiguration Configuration(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(value is null ? [] : [new("MFA_REQUIRED_ROLES", value)]).Build();

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "WhatsSuite.Api";

        public string ContentRootPath { get; set; } = System.Environment.CurrentDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
