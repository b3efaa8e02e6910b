namespace WhatsSuite.Domain.Messages;

/// <summary>
/// How a customer arrived: the click-to-WhatsApp ad or post (<c>message.referral</c>) that opened the chat.
/// <see cref="SourceType"/> is <c>ad</c> or <c>post</c> (or what WhatsApp sent); <see cref="CtwaClid"/> is the
/// click id an advertiser reports conversions with; the media is the ad's image or video.
/// </summary>
public sealed record Referral(
    string SourceType,
    string? SourceId,
    string? SourceUrl,
    string? Headline,
    string? Body,
    string? MediaType,
    string? MediaUrl,
    string? ThumbnailUrl,
    string? CtwaClid)
{
    public const int MaxSourceTypeLength = 32;
    public const int MaxSourceIdLength = 128;
    public const int MaxUrlLength = 2048;
    public const int MaxHeadlineLength = 500;
    public const int MaxBodyLength = 2000;
    public const int MaxMediaTypeLength = 16;
    public const int MaxCtwaClidLength = 512;
}
