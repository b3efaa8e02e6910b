using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Domain.UnitTests.Campaigns;

public sealed class CampaignTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static CampaignSettings Settings(params Guid[] connections) =>
        new("promo", "es", "{}", connections.Length == 0 ? [Guid.NewGuid()] : connections, null, null, null, "UTC", null, null, null, null);

    private static Campaign Draft() => Campaign.CreateDraft(" Black Friday ", Settings(), Guid.NewGuid(), Now);

    [Fact]
    public void CreateDraft_IsADraftWithTrimmedNameAndItsConnections()
    {
        var connection = Guid.NewGuid();

        var campaign = Campaign.CreateDraft(" Black Friday ", Settings(connection), Guid.NewGuid(), Now);

        Assert.Equal((CampaignStatus.Draft, "Black Friday"), (campaign.Status, campaign.Name));
        Assert.Equal([connection], campaign.Connections.Select(c => c.ConnectionId).ToList());
    }

    [Theory]
    [InlineData(CampaignStatus.Draft, CampaignStatus.Scheduled, true)]
    [InlineData(CampaignStatus.Draft, CampaignStatus.Running, false)]
    [InlineData(CampaignStatus.Scheduled, CampaignStatus.Running, true)]
    [InlineData(CampaignStatus.Scheduled, CampaignStatus.Draft, true)]
    [InlineData(CampaignStatus.Running, CampaignStatus.Paused, true)]
    [InlineData(CampaignStatus.Paused, CampaignStatus.Running, true)]
    [InlineData(CampaignStatus.Paused, CampaignStatus.Completed, true)]
    [InlineData(CampaignStatus.Scheduled, CampaignStatus.Paused, true)]
    [InlineData(CampaignStatus.Paused, CampaignStatus.Scheduled, true)]
    [InlineData(CampaignStatus.Draft, CampaignStatus.Paused, false)]
    [InlineData(CampaignStatus.Running, CampaignStatus.Completed, true)]
    [InlineData(CampaignStatus.Running, CampaignStatus.Failed, true)]
    [InlineData(CampaignStatus.Completed, CampaignStatus.Running, false)]
    [InlineData(CampaignStatus.Cancelled, CampaignStatus.Draft, false)]
    [InlineData(CampaignStatus.Failed, CampaignStatus.Cancelled, false)]
    public void MoveTo_FollowsTheLifecycle(CampaignStatus from, CampaignStatus to, bool allowed)
    {
        var campaign = Draft();
        foreach (var step in PathTo(from))
        {
            Assert.True(campaign.MoveTo(step, null, Now));
        }

        Assert.Equal(allowed, campaign.MoveTo(to, "because", Now.AddMinutes(1)));
        Assert.Equal(allowed ? to : from, campaign.Status);
    }

    [Fact]
    public void MoveTo_RecordsTheFirstStartAndTheEnd()
    {
        var campaign = Draft();
        campaign.MoveTo(CampaignStatus.Scheduled, null, Now);
        campaign.MoveTo(CampaignStatus.Running, null, Now.AddMinutes(1));
        campaign.MoveTo(CampaignStatus.Paused, "190: token refused", Now.AddMinutes(2));
        campaign.MoveTo(CampaignStatus.Running, null, Now.AddMinutes(3));
        campaign.MoveTo(CampaignStatus.Completed, null, Now.AddMinutes(4));

        Assert.Equal((Now.AddMinutes(1), Now.AddMinutes(4)), (campaign.StartedAt, campaign.FinishedAt));
        Assert.True(campaign.IsFinished);
    }

    [Fact]
    public void Edit_OnlyWhileDraft()
    {
        var campaign = Draft();
        Assert.True(campaign.Edit("Cyber Monday", Settings(), Now));

        campaign.MoveTo(CampaignStatus.Scheduled, null, Now);

        Assert.False(campaign.Edit("Too late", Settings(), Now));
        Assert.Equal("Cyber Monday", campaign.Name);
    }

    [Fact]
    public void CreateDraft_StopBeforeStartOrHalfAllowedHours_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Campaign.CreateDraft("x", Settings() with { StartAt = Now, StopAt = Now }, Guid.NewGuid(), Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => Campaign.CreateDraft("x", Settings() with { AllowedFrom = new TimeOnly(9, 0) }, Guid.NewGuid(), Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => Campaign.CreateDraft("x", Settings() with { ConnectionIds = [] }, Guid.NewGuid(), Now));
    }

    [Fact]
    public void Resume_BeforeOrAfterTheStart_ReturnsToScheduledOrRunning()
    {
        var early = Draft();
        early.MoveTo(CampaignStatus.Scheduled, null, Now);
        early.MoveTo(CampaignStatus.Paused, null, Now);
        var started = Draft();
        started.MoveTo(CampaignStatus.Scheduled, null, Now);
        started.MoveTo(CampaignStatus.Running, null, Now);
        started.MoveTo(CampaignStatus.Paused, null, Now);

        Assert.True(early.Resume(Now));
        Assert.True(started.Resume(Now));

        Assert.Equal((CampaignStatus.Scheduled, CampaignStatus.Running), (early.Status, started.Status));
        Assert.False(started.Resume(Now));
    }

    [Theory]
    [InlineData("09:00", "18:00", 11, false)]
    [InlineData("09:00", "18:00", 21, false)]
    [InlineData("09:00", "18:00", 12, true)]
    [InlineData("22:00", "06:00", 3, true)]
    [InlineData("22:00", "06:00", 12, false)]
    public void IsWithinAllowedHours_InTheCampaignsTimeZone(string from, string until, int utcHour, bool allowed)
    {
        // Buenos Aires is UTC-3: 11:00 UTC is 08:00 there, 12:00 UTC is 09:00, 21:00 UTC is 18:00, 03:00 UTC is 00:00.
        var campaign = Campaign.CreateDraft("x", Settings() with
        {
            TimeZone = "America/Argentina/Buenos_Aires",
            AllowedFrom = TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            AllowedUntil = TimeOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture),
        }, Guid.NewGuid(), Now);

        Assert.Equal(allowed, campaign.IsWithinAllowedHours(new DateTimeOffset(2026, 11, 28, utcHour, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void IsDueAndIsStopReached_FollowTheSchedule()
    {
        var campaign = Campaign.CreateDraft("x", Settings() with { StartAt = Now.AddHours(1), StopAt = Now.AddHours(2) }, Guid.NewGuid(), Now);
        campaign.MoveTo(CampaignStatus.Scheduled, null, Now);

        Assert.Equal((false, true), (campaign.IsDue(Now), campaign.IsDue(Now.AddHours(1))));
        Assert.Equal((false, true), (campaign.IsStopReached(Now.AddMinutes(119)), campaign.IsStopReached(Now.AddHours(2))));
    }

    private static IEnumerable<CampaignStatus> PathTo(CampaignStatus status) => status switch
    {
        CampaignStatus.Draft => [],
        CampaignStatus.Scheduled => [CampaignStatus.Scheduled],
        CampaignStatus.Running => [CampaignStatus.Scheduled, CampaignStatus.Running],
        CampaignStatus.Paused => [CampaignStatus.Scheduled, CampaignStatus.Running, CampaignStatus.Paused],
        CampaignStatus.Completed => [CampaignStatus.Scheduled, CampaignStatus.Running, CampaignStatus.Completed],
        CampaignStatus.Cancelled => [CampaignStatus.Cancelled],
        _ => [CampaignStatus.Scheduled, CampaignStatus.Failed],
    };

    [Theory]
    [InlineData(null, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.5, 1.5)]
    [InlineData(30.0, 2.0)]
    public void BatchSeconds_SinceTheLastBatch_TakesTheMissedTimeUpToOneMoreSecond(double? secondsSinceLast, double expected)
    {
        var campaign = Draft();
        campaign.MoveTo(CampaignStatus.Scheduled, null, Now);
        campaign.MoveTo(CampaignStatus.Running, null, Now);
        var now = Now.AddMinutes(1);
        if (secondsSinceLast is { } seconds)
        {
            Assert.True(campaign.RecordDispatch(now.AddSeconds(-seconds)));
        }

        Assert.Equal(expected, campaign.BatchSeconds(now), precision: 6);
    }
}
