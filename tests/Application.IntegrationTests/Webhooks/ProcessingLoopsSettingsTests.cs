using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Application.IntegrationTests.Webhooks;

/// <summary>
/// <c>WEBHOOK_PROCESSING_LOOPS</c>: two loops per instance in server mode unless set; one on SQLite whatever it says,
/// since SQLite writes one transaction at a time (ADR 0069).
/// </summary>
public sealed class ProcessingLoopsSettingsTests
{
    private const string Postgres = "Host=db.example.test;Database=whatssuite;Username=app";

    [Fact]
    public void Load_ServerModeWithoutSetting_RunsTwoLoops()
    {
        Assert.Equal(2, TestSettings.Load(("ConnectionStrings:Postgres", Postgres)).Messaging.WebhookProcessingLoops);
    }

    [Fact]
    public void Load_ServerModeWithSetting_RunsThatMany()
    {
        Assert.Equal(1, TestSettings.Load(("ConnectionStrings:Postgres", Postgres), ("WEBHOOK_PROCESSING_LOOPS", "1")).Messaging.WebhookProcessingLoops);
        Assert.Equal(4, TestSettings.Load(("ConnectionStrings:Postgres", Postgres), ("WEBHOOK_PROCESSING_LOOPS", "4")).Messaging.WebhookProcessingLoops);
    }

    [Fact]
    public void Load_EmbeddedModeWithSetting_RunsOneLoop()
    {
        var sqlite = Path.Combine(Path.GetTempPath(), $"loops-{Guid.NewGuid():N}", "whatssuite.db");

        Assert.Equal(1, TestSettings.Load(("SQLITE_PATH", sqlite), ("WEBHOOK_PROCESSING_LOOPS", "4")).Messaging.WebhookProcessingLoops);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("17")]
    [InlineData("two")]
    public void Load_SettingOutOfRange_IsRefusedAtStart(string value)
    {
        Assert.ThrowsAny<Exception>(() => TestSettings.Load(("ConnectionStrings:Postgres", Postgres), ("WEBHOOK_PROCESSING_LOOPS", value)));
    }
}
