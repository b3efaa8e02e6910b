using WhatsSuite.Application.Contacts;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.UnitTests.Contacts;

public sealed class ContactSearchTextTests
{
    [Fact]
    public void Of_NamesUsernameAndUserId_AreNormalizedOnePerLine()
    {
        var text = ContactSearchText.Of("Señora PEÑA", "  María  José ", "Cafe.Lover", "US.1349");

        Assert.Equal("senora pena\nmaria jose\ncafe.lover\nus.1349", text);
    }

    [Fact]
    public void Of_MissingOrBlankParts_AreLeftOutAndNoneIsEmpty()
    {
        Assert.Equal("ana", ContactSearchText.Of(null, "  ", "Ana", null));
        Assert.Equal(string.Empty, ContactSearchText.Of(null, null, null, null));
    }

    [Fact]
    public void Of_AnyNormalizedTerm_NeverMatchesAcrossTwoParts()
    {
        // A normalized term holds no line break, so "pena maria" cannot span the display name and the profile name.
        var text = ContactSearchText.Of("Peña", "María", null, null);

        Assert.Equal("pena\nmaria", text);
        Assert.DoesNotContain(ConversationSearchText.Normalize("peña maría"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(ConversationSearchText.Normalize("peña\nmaría"), text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ConversationSearchText.Normalize("peña\r\nmaría"));
    }

    [Fact]
    public void Of_Contact_ReadsItsCurrentNames()
    {
        var contact = Contact.Create("5491155550000", "Zoë", DateTimeOffset.UnixEpoch);
        contact.Rename("Zoë Núñez", DateTimeOffset.UnixEpoch);

        Assert.Equal("zoe nunez\nzoe", ContactSearchText.Of(contact));
    }
}
