using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Domain.UnitTests.Contacts;

public sealed class ContactTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Name_PrefersDisplayNameThenProfileNameThenNumber()
    {
        var contact = Contact.Create("5491100000001", null, Now);
        Assert.Equal("5491100000001", contact.Name);

        contact.RefreshProfileName(" Ana ", Now);
        Assert.Equal("Ana", contact.Name);

        contact.Rename("Ana (VIP)", Now);
        Assert.Equal("Ana (VIP)", contact.Name);
    }

    [Fact]
    public void RefreshProfileName_SameOrEmpty_ReportsNoChange()
    {
        var contact = Contact.Create("5491100000001", "Ana", Now);

        Assert.False(contact.RefreshProfileName("Ana", Now));
        Assert.False(contact.RefreshProfileName("  ", Now));
        Assert.Equal("Ana", contact.ProfileName);
    }

    [Fact]
    public void ReplaceTags_NormalizesAndDeduplicates()
    {
        var contact = Contact.Create("5491100000001", null, Now);

        contact.ReplaceTags([" VIP ", "vip", "Mayorista", " "], Now);

        Assert.Equal(["vip", "mayorista"], contact.Tags);
    }

    [Fact]
    public void SetOptOut_RecordsWhenAndReportsChanges()
    {
        var contact = Contact.Create("5491100000001", null, Now);

        Assert.True(contact.SetOptOut(true, Now));
        Assert.False(contact.SetOptOut(true, Now.AddMinutes(1)));
        Assert.Equal(Now, contact.OptedOutAt);

        Assert.True(contact.SetOptOut(false, Now.AddMinutes(2)));
        Assert.Null(contact.OptedOutAt);
    }

    [Fact]
    public void Create_WithBsuidOnly_IsNamedByUsernameThenBsuid()
    {
        var contact = Contact.Create(new ContactIdentity(null, "US.13491208655302741918"), null, Now);
        Assert.Equal(((string?)null, "US.13491208655302741918"), (contact.WaId, contact.Name));

        contact.LearnIdentity(new ContactIdentity(null, "US.13491208655302741918", Username: "@kim"), Now);

        Assert.Equal("@kim", contact.Name);
    }

    [Fact]
    public void Create_WithoutPhoneNumberOrBsuid_Throws()
    {
        Assert.Throws<ArgumentException>(() => Contact.Create(new ContactIdentity(null, null), "Nobody", Now));
    }

    [Fact]
    public void LearnIdentity_FillsWhatIsMissingButNeverReplacesAnIdentifier()
    {
        var contact = Contact.Create(new ContactIdentity(null, "US.1"), null, Now);

        Assert.True(contact.LearnIdentity(new ContactIdentity("16505551234", "US.1"), Now));
        Assert.False(contact.LearnIdentity(new ContactIdentity("16505559999", "US.2"), Now));

        Assert.Equal(("16505551234", "US.1"), (contact.WaId, contact.UserId));
    }

    [Fact]
    public void ChangePhoneNumberAndUserId_RecordOldAndNewAndIgnoreTheSameValue()
    {
        var contact = Contact.Create(new ContactIdentity("16505551234", "US.1"), null, Now);

        var number = contact.ChangePhoneNumber("16505559999", "message wamid.1", Now, Now);
        var userId = contact.ChangeUserId("US.2", null, "message wamid.1", Now, Now);

        Assert.Equal((ContactIdentityChange.PhoneNumberChanged, "16505551234", "16505559999"), (number!.Change, number.OldWaId, number.NewWaId));
        Assert.Equal((ContactIdentityChange.UserIdChanged, "US.1", "US.2"), (userId!.Change, userId.OldUserId, userId.NewUserId));
        Assert.Null(contact.ChangePhoneNumber("16505559999", null, Now, Now));
        Assert.Equal(("16505559999", "US.2"), (contact.WaId, contact.UserId));
    }

    [Fact]
    public void Absorb_TakesTagsNamesAndKeepsEitherOptOut()
    {
        var kept = Contact.Create("16505551234", null, Now);
        kept.ReplaceTags(["vip"], Now);
        var merged = Contact.Create(new ContactIdentity(null, "US.1", Username: "@kim"), "Kim", Now);
        merged.ReplaceTags(["wholesale", "vip"], Now);
        merged.SetOptOut(true, Now);
        merged.SetMarketingOptOut(true, Now, Now);

        kept.Absorb(merged, Now);

        Assert.Equal(["vip", "wholesale"], kept.Tags);
        Assert.Equal(("Kim", "@kim", true, true), (kept.ProfileName, kept.Username, kept.OptedOut, kept.MarketingOptedOut));
    }

    [Fact]
    public void SetMarketingOptOut_OlderPreference_IsIgnored()
    {
        var contact = Contact.Create("16505551234", null, Now);

        Assert.True(contact.SetMarketingOptOut(true, Now, Now));
        Assert.False(contact.SetMarketingOptOut(false, Now.AddMinutes(-1), Now));
        Assert.True(contact.MarketingOptedOut);
        Assert.True(contact.SetMarketingOptOut(false, Now.AddMinutes(1), Now));
        Assert.False(contact.MarketingOptedOut);
        Assert.False(contact.OptedOut);
    }

    [Theory]
    [InlineData("US.13491208655302741918", true)]
    [InlineData("US.ENT.11815799212886844830", true)]
    [InlineData(" BR.1502576394655843 ", true)]
    [InlineData("16505551234", false)]
    [InlineData("US.", false)]
    [InlineData("U1.123", false)]
    [InlineData("US.12-34", false)]
    [InlineData("US.1.2.3", false)]
    public void BusinessScopedUserId_TryParse_AcceptsWhatsAppsForm(string input, bool valid)
    {
        Assert.Equal(valid, BusinessScopedUserId.TryParse(input, out var parsed));
        if (valid)
        {
            Assert.Equal(input.Trim(), parsed);
        }
    }
}
