using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Domain.UnitTests.Contacts;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+54 9 11 2345-6789", "5491123456789")]
    [InlineData("0054 (9) 11.2345.6789", "5491123456789")]
    [InlineData("5491123456789", "5491123456789")]
    [InlineData(" +1 (415) 555-0100 ", "14155550100")]
    public void TryNormalize_InternationalForms_GiveE164Digits(string input, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var digits));
        Assert.Equal(expected, digits);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("011 2345 6789")]
    [InlineData("+54 9 11 2345-678a")]
    [InlineData("+54 9 11 2345\u00006789")]
    [InlineData("'; DROP TABLE contacts; --")]
    public void TryNormalize_NotAPhoneNumber_IsRefused(string? input)
    {
        Assert.False(PhoneNumber.TryNormalize(input, out var digits));
        Assert.Equal(string.Empty, digits);
    }
}
