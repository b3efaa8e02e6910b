using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.UnitTests.Common.Validation;

public sealed class HiddenCharactersTests
{
    [Theory]
    [InlineData("\u202Egnp.exe")]
    [InlineData("Ana\u202A")]
    [InlineData("Ana\u202B")]
    [InlineData("Ana\u202C")]
    [InlineData("Ana\u202D")]
    [InlineData("\u2066Ana\u2069")]
    [InlineData("Ana\u2067")]
    [InlineData("Ana\u2068")]
    [InlineData("ad\u200Bmin")]
    [InlineData("ad\u2060min")]
    [InlineData("\uFEFFSoporte")]
    [InlineData("ad\u200Dmin")]
    [InlineData("ad\u200Cmin")]
    [InlineData("Ventas\u200D")]
    [InlineData("\u200DVentas")]
    [InlineData("😀\u200D")]
    [InlineData("😀\u200D\u200D😀")]
    [InlineData("😀 \u200D😀")]
    [InlineData("مهدی \u200Cزاده")]
    [InlineData("😀\u200C😀")]
    public void AreAbsent_HiddenFormatting_IsRefused(string name)
    {
        Assert.False(HiddenCharacters.AreAbsent(name));
    }

    [Theory]
    [InlineData("Ventas")]
    [InlineData("Atención al cliente")]
    [InlineData("Soporte 👩‍💻")]
    [InlineData("Familia 👨‍👩‍👧‍👦")]
    [InlineData("Orgullo 🏳️‍🌈")]
    [InlineData("Dev 👩🏽‍💻")]
    [InlineData("❤️‍🔥 equipo")]
    [InlineData("🏃‍♂️")]
    [InlineData("مهدی\u200Cزاده")]
    [InlineData("می\u200Cخواهم")]
    [InlineData("क्\u200Dष")]
    [InlineData("שלום")]
    [InlineData("فريق \u200Fالدعم")]
    [InlineData("Zoë")]
    [InlineData(null)]
    public void AreAbsent_OrdinaryNamesEmojiSequencesAndJoiningScripts_AreAccepted(string? name)
    {
        Assert.True(HiddenCharacters.AreAbsent(name));
    }
}
