namespace WhatsSuite.Domain.Contacts;

/// <summary>
/// WhatsApp's business-scoped user id (BSUID): a user's identifier within one business portfolio, sent as
/// <c>user_id</c> / <c>from_user_id</c> whether or not the user shares a phone number. Its form is a two-letter
/// country code, a period and up to 128 letters and digits (<c>US.13491208655302741918</c>); a parent BSUID of
/// linked portfolios has one more segment (<c>US.ENT.11815799212886844830</c>). It is kept and sent back exactly
/// as received.
/// </summary>
public static class BusinessScopedUserId
{
    public const int MaxLength = 160;
    private const int MaxSegmentLength = 128;

    /// <summary>The trimmed id when <paramref name="input"/> has a BSUID's form; false otherwise.</summary>
    public static bool TryParse(string? input, out string userId)
    {
        userId = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var value = input.Trim();
        if (value.Length is < 4 or > MaxLength || !char.IsAsciiLetter(value[0]) || !char.IsAsciiLetter(value[1]) || value[2] != '.')
        {
            return false;
        }

        var segments = value[3..].Split('.');
        if (segments.Length > 2 || segments.Any(s => s.Length is 0 or > MaxSegmentLength || !s.All(char.IsAsciiLetterOrDigit)))
        {
            return false;
        }

        userId = value;
        return true;
    }
}
