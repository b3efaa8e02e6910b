namespace WhatsSuite.Domain.Contacts;

/// <summary>
/// Phone numbers as WhatsApp identifies them: E.164 digits without the plus sign (country code first,
/// 8 to 15 digits). Input may carry a leading <c>+</c> or <c>00</c> and the usual separators
/// (spaces, dots, dashes, parentheses); nothing else.
/// </summary>
public static class PhoneNumber
{
    public const int MinDigits = 8;
    public const int MaxDigits = 15;

    /// <summary>Normalizes <paramref name="input"/> to E.164 digits; false when it is not a phone number.</summary>
    public static bool TryNormalize(string? input, out string digits)
    {
        digits = string.Empty;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }

        var value = input.Trim();
        if (value.StartsWith('+'))
        {
            value = value[1..];
        }
        else if (value.StartsWith("00", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        Span<char> buffer = stackalloc char[value.Length];
        var count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[count++] = c;
            }
            else if (c is not (' ' or '.' or '-' or '(' or ')'))
            {
                return false;
            }
        }

        if (count is < MinDigits or > MaxDigits || buffer[0] == '0')
        {
            return false;
        }

        digits = new string(buffer[..count]);
        return true;
    }
}
