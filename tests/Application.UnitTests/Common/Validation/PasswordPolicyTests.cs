using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.UnitTests.Common.Validation;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("Qwerty123456")]
    [InlineData("change-me-please-now")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("123456789012")]
    [InlineData("987654321098")]
    [InlineData("abcdefghijklm")]
    public void IsWeak_CommonOrPatternPassword_IsTrue(string password)
    {
        Assert.True(PasswordPolicy.IsWeak(password));
    }

    [Theory]
    [InlineData("Chosen-password-42")]
    [InlineData("correct horse battery staple")]
    [InlineData("Tr4vesía-del-sur")]
    public void IsWeak_UncommonPassword_IsFalse(string password)
    {
        Assert.False(PasswordPolicy.IsWeak(password));
    }
}
