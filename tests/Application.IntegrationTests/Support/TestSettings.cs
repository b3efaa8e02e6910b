using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Application.IntegrationTests.Support;

/// <summary>Loads the product's settings from the given keys, over the minimum a start needs (the suite's Redis, secrets, the first admin).</summary>
internal static class TestSettings
{
    public static WhatsSuiteSettings Load(params (string Key, string Value)[] values)
    {
        var entries = new Dictionary<string, string?>
        {
            ["REDIS_URL"] = TestEnvironment.RedisUrl,
            ["JWT_SECRET"] = TestEnvironment.JwtSecret,
            ["ADMIN_EMAIL"] = "admin@example.test",
            ["ADMIN_PASSWORD"] = "Initial-admin-password-1",
            ["MFA_REQUIRED_ROLES"] = string.Empty,
        };
        foreach (var (key, value) in values)
        {
            entries[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(entries).Build();
        var environment = new HostingEnvironment { EnvironmentName = "Testing", ApplicationName = "WhatsSuite.Application.IntegrationTests", ContentRootPath = AppContext.BaseDirectory };
        return WhatsSuiteSettings.Load(configuration, environment);
    }
}
