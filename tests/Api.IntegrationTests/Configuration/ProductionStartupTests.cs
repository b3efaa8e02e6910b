using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.Configuration;

/// <summary>The real host in the Production environment refuses unsafe secrets.</summary>
public sealed class ProductionStartupTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-prod-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_ProductionWithoutDataEncryptionKey_RefusesNamingTheVariable()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db"), fresh: true);
        settings.Remove("DATA_ENCRYPTION_KEY");
        settings["environment"] = "Production";
        await using var app = new WhatsSuiteApp(settings);

        var error = Record.Exception(() => app.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("DATA_ENCRYPTION_KEY", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "whatssuite.db")), "no database is created before the refusal");
    }

    [Fact]
    public async Task Start_EmbeddedOutsideProductionWithoutDataEncryptionKey_KeepsALocalKey()
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db"));
        settings.Remove("DATA_ENCRYPTION_KEY");
        await using var app = new WhatsSuiteApp(settings);

        using var client = app.CreateClient();

        var keyFile = Path.Combine(_directory, "data-encryption.key");
        Assert.True(File.Exists(keyFile));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(keyFile)).Length);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
