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
}
