using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Domain.UnitTests.Campaigns;

public sealed class CampaignRecipientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pending_NewRecipient_IsDueAtOnceWithItsNumberAndFields()
    {
        var campaign = Guid.NewGuid();

        var recipient = CampaignRecipient.Pending(campaign, "5491155550001", "+54 9 11 5555-0001", 3, null, """{"contact.name":"Ana"}""", Now);

        Assert.Equal((CampaignRecipientStatus.Pending, "5491155550001", 3, Now), (recipient.Status, recipient.Phone, recipient.Line, recipient.NextAttemptAt));
        Assert.Null(recipient.SkipReason);
    }

    [Theory]
    [InlineData(CampaignSkipReasons.InvalidNumber)]
    [InlineData(CampaignSkipReasons.Duplicate)]
    public void Skipped_InvalidOrDuplicateWithANumber_Throws(string reason) =>
        Assert.Throws<ArgumentException>(() => CampaignRecipient.Skipped(Guid.NewGuid(), "5491155550001", "x", 1, null, reason, Now));

    [Fact]
    public void Skipped_LongInput_IsCutToTheColumn()
    {
        var recipient = CampaignRecipient.Skipped(Guid.NewGuid(), null, new string('9', 200), 1, null, CampaignSkipReasons.InvalidNumber, Now);

        Assert.Equal((CampaignRecipient.MaxInputLength, CampaignRecipientStatus.Skipped), (recipient.Input.Length, recipient.Status));
    }

    [Fact]
    public void ReplaceAudience_OnlyWhileDraft_BumpsTheVersion()
    {
        var campaign = Campaign.CreateDraft("Promo", new CampaignSettings("promo", "es", "{}", [Guid.NewGuid()], null, null, null, "UTC", null, null, null, null), Guid.NewGuid(), Now);
        var version = campaign.Version;

        Assert.True(campaign.ReplaceAudience(Now.AddMinutes(1)));
        Assert.Equal(version + 1, campaign.Version);
        campaign.MoveTo(CampaignStatus.Cancelled, null, Now.AddMinutes(2));
        var cancelled = campaign.Version;
        Assert.False(campaign.ReplaceAudience(Now.AddMinutes(3)));
        Assert.Equal(cancelled, campaign.Version);
    }
}
