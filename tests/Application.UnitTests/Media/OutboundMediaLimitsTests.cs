using WhatsSuite.Application.Media;

namespace WhatsSuite.Application.UnitTests.Media;

public sealed class OutboundMediaLimitsTests
{
    [Theory]
    [InlineData("image", "image/jpeg", 5_000_000, false, null)]
    [InlineData("image", "image/png", 5_000_001, false, "media.too_large_for_type")]
    [InlineData("image", "image/webp", 1_000, false, "media.format_not_accepted")]
    [InlineData("audio", "audio/ogg", 16_000_000, false, null)]
    [InlineData("audio", "audio/mpeg", 16_000_001, false, "media.too_large_for_type")]
    [InlineData("video", "video/3gpp", 16_000_000, false, null)]
    [InlineData("video", "video/mp4", 16_000_001, false, "media.too_large_for_type")]
    [InlineData("document", "application/pdf", 100_000_000, false, null)]
    [InlineData("document", "application/pdf", 100_000_001, false, "media.too_large_for_type")]
    [InlineData("document", "application/zip", 1_000, false, "media.format_not_accepted")]
    [InlineData("sticker", "image/webp", 100_000, false, null)]
    [InlineData("sticker", "image/webp", 100_001, false, "media.too_large_for_type")]
    [InlineData("sticker", "image/webp", 500_000, true, null)]
    [InlineData("sticker", "image/webp", 500_001, true, "media.too_large_for_type")]
    [InlineData("sticker", "image/png", 1_000, false, "media.format_not_accepted")]
    public void Check_TypeFormatAndSize_AcceptsWhatWhatsAppAccepts(string type, string contentType, long size, bool animated, string? expectedCode)
    {
        Assert.Equal(expectedCode, OutboundMediaLimits.Check(type, contentType, size, animated)?.Code);
    }

    [Fact]
    public void TypesFor_File_ListsEveryTypeItFits()
    {
        Assert.Equal(["image"], OutboundMediaLimits.TypesFor("image/png", 1_000, animated: false));
        Assert.Equal(["audio"], OutboundMediaLimits.TypesFor("audio/ogg", 1_000, animated: false));
        Assert.Empty(OutboundMediaLimits.TypesFor("image/png", 6_000_000, animated: false));
        Assert.Empty(OutboundMediaLimits.TypesFor("application/x-msdownload", 1_000, animated: false));
    }

    [Fact]
    public void IsAnimatedWebp_ExtendedHeaderFlag_IsRead()
    {
        var head = new byte[30];
        "RIFF"u8.CopyTo(head);
        "WEBP"u8.CopyTo(head.AsSpan(8));
        "VP8X"u8.CopyTo(head.AsSpan(12));
        Assert.False(OutboundMediaLimits.IsAnimatedWebp(head));
        head[20] = 0x02;
        Assert.True(OutboundMediaLimits.IsAnimatedWebp(head));
        "VP8 "u8.CopyTo(head.AsSpan(12));
        Assert.False(OutboundMediaLimits.IsAnimatedWebp(head));
    }
}
