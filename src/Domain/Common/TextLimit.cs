using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace WhatsSuite.Domain.Common;

/// <summary>
/// The one definition of a text length limit, and the one way to cut text down to it.
/// <para>
/// A limit counts UTF-16 code units (<see cref="string.Length"/>): what .NET, JavaScript and an HTML
/// <c>maxlength</c> count, never less than what PostgreSQL's <c>varchar(n)</c> counts (code points), and never
/// less than WhatsApp's "characters" under any reading of them. Most emoji therefore count as two, a family
/// emoji as eleven. Validators judge lengths with <see cref="Fits"/>; text that fits is never cut.
/// </para>
/// <para>
/// <see cref="Cut"/> keeps the longest prefix made of whole text elements (extended grapheme clusters, as
/// <see cref="StringInfo"/> splits them), so it never splits a surrogate pair, an emoji ZWJ sequence, a flag,
/// a letter and its combining marks, or CR LF. The result may be shorter than the limit; a single text element
/// longer than the limit is dropped rather than split.
/// </para>
/// </summary>
public static class TextLimit
{
    /// <summary>The length a limit is compared with.</summary>
    public static int Measure(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length;
    }

    /// <summary>True when <paramref name="value"/> is within <paramref name="max"/> (null always fits).</summary>
    public static bool Fits(string? value, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return value is null || Measure(value) <= max;
    }

    /// <summary>The longest prefix of whole text elements that fits <paramref name="max"/>; null stays null.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Cut(string? value, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (value is null || Measure(value) <= max)
        {
            return value;
        }

        var text = value.AsSpan();
        var end = 0;
        while (end < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text[end..]);
            if (end + next > max)
            {
                break;
            }

            end += next;
        }

        return value[..end];
    }

    /// <summary>True when the text has no unpaired surrogate, so that it can be encoded as UTF-8 (and stored).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text with every unpaired surrogate replaced by U+FFFD; well-formed text is returned as it is.</summary>
    public static string ReplaceLoneSurrogates(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsWellFormed(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }
}
