using System.Globalization;
using System.Text;

namespace WhatsSuite.Application.Common.Validation;

/// <summary>
/// Characters that change how a name is displayed without being seen, so that two names that look the same
/// differ, or a name shows in another order than it is written (CVE-2021-42574, "Trojan Source"). Names that
/// people read and compare (users, queues, connections, API keys, contacts' display names) must not carry them.
/// <list type="bullet">
/// <item>Always refused: the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
/// the zero-width space U+200B, the word joiner U+2060 and the zero-width no-break space (BOM) U+FEFF.</item>
/// <item>The zero-width joiner U+200D is part of emoji sequences (👩‍💻, 🏳️‍🌈, families): it is allowed between two
/// emoji. The zero-width non-joiner U+200C and the joiner are part of the spelling of Persian and of Indic
/// scripts: both are allowed between two letters or marks of a script past Latin, Greek, Cyrillic and Armenian
/// (from U+0590 on). Anywhere else (at the ends, beside spaces, Latin letters or another joiner) they are refused.</item>
/// <item>The direction marks U+200E, U+200F and U+061C stay allowed: they only place neutral characters such as
/// punctuation in mixed-direction names, and never reorder letters.</item>
/// </list>
/// </summary>
public static class HiddenCharacters
{
    private const char ZeroWidthNonJoiner = '\u200C';
    private const char ZeroWidthJoiner = '\u200D';
    private const int FirstJoiningScript = 0x0590;

    /// <summary>True when <paramref name="value"/> has none of the characters above where they are not allowed.</summary>
    public static bool AreAbsent(string? value)
    {
        if (value is null)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsAlwaysRefused(c))
            {
                return false;
            }

            if (c is ZeroWidthJoiner or ZeroWidthNonJoiner && !IsAllowedJoiner(value, i))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAlwaysRefused(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200B' or '\u2060' or '\uFEFF';

    private static bool IsAllowedJoiner(string value, int index)
    {
        if (index + 1 >= value.Length || !TryRuneBefore(value, index, skipEmojiModifiers: false, out var before) || !Rune.TryGetRuneAt(value, index + 1, out var after))
        {
            return false;
        }

        if (IsJoiningScriptLetterOrMark(before) && IsJoiningScriptLetterOrMark(after))
        {
            return true;
        }

        return value[index] == ZeroWidthJoiner
            && TryRuneBefore(value, index, skipEmojiModifiers: true, out var emojiBefore)
            && IsEmoji(emojiBefore)
            && IsEmoji(after);
    }

    /// <summary>The code point before <paramref name="index"/>, optionally skipping VS16 and skin-tone modifiers (👩🏽‍💻, ❤️‍🔥).</summary>
    private static bool TryRuneBefore(string value, int index, bool skipEmojiModifiers, out Rune rune)
    {
        rune = default;
        var end = index;
        while (end > 0)
        {
            var start = end - (end >= 2 && char.IsSurrogatePair(value[end - 2], value[end - 1]) ? 2 : 1);
            if (!Rune.TryGetRuneAt(value, start, out rune))
            {
                return false;
            }

            if (!skipEmojiModifiers || !IsEmojiModifier(rune))
            {
                return true;
            }

            end = start;
        }

        return false;
    }

    private static bool IsEmojiModifier(Rune rune) => rune.Value is 0xFE0F or (>= 0x1F3FB and <= 0x1F3FF);

    private static bool IsEmoji(Rune rune) => Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol;

    private static bool IsJoiningScriptLetterOrMark(Rune rune) =>
        rune.Value >= FirstJoiningScript
        && Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
