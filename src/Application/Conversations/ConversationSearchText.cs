using System.Globalization;
using System.Text;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// The one normalization of the conversation search, applied when the search document is written and when a
/// term is searched: accented Latin letters (Latin-1 and Latin Extended-A: Spanish, Portuguese, French, German,
/// Polish, Czech, Turkish…) folded to their base letter, combining marks removed, full-width forms to ASCII,
/// lower case (invariant), every run of whitespace or control characters as one space. "Envío", "envio" and
/// "ENVIO" all become <c>envio</c>. Written out here rather than with Unicode decomposition, which the
/// invariant-globalization runtime does not do.
/// </summary>
public static class ConversationSearchText
{
    /// <summary>The shortest term searched (letters and digits after normalization): shorter ones cannot use the trigram index.</summary>
    public const int MinTermLength = 3;

    /// <summary>
    /// The shortest last word of a term that also matches as a word prefix ("zan" finds "zanahoria"); a shorter one
    /// matches whole words only, as a one- or two-letter prefix would match a large share of all words.
    /// </summary>
    public const int MinPrefixLength = 3;

    // Base letters of U+00C0..U+00FF and U+0100..U+017F; '\0' keeps the character (Æ, ×, Þ, ß, Ĳ, Œ, ...).
    private const string Latin1Folding = "aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0\0aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0y";
    private const string LatinExtendedAFolding =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii\0\0jjkk\0llllllllllnnnnnnn\0\0oooooo\0\0rrrrrrsssssssstttttt"
        + "uuuuuuuuuuuuwwyyyzzzzzzs";

    /// <summary>The normalized form of <paramref name="text"/>; empty for null or blank text.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var original in text)
        {
            var c = Fold(original);
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static char Fold(char c)
    {
        var folded = c switch
        {
            >= '\u00C0' and <= '\u00FF' => Latin1Folding[c - '\u00C0'],
            >= '\u0100' and <= '\u017F' => LatinExtendedAFolding[c - '\u0100'],
            >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
            _ => c,
        };
        return folded == '\0' ? c : folded;
    }

    /// <summary>
    /// The term to look for: a phone number typed with separators ("+54 9 11-5555") becomes its digits, as numbers
    /// are stored; anything else is <see cref="Normalize"/>d.
    /// </summary>
    public static string ForQuery(string? search)
    {
        var trimmed = search?.Trim() ?? string.Empty;
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        var numberLike = digits.Length > 0 && trimmed.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')');
        return numberLike ? digits : Normalize(trimmed);
    }

    /// <summary>
    /// The words of a term for the message-text search: the runs of letters and digits of its <see cref="ForQuery"/>
    /// form, in order (punctuation, symbols and emoji separate words, as they do in the indexed text).
    /// </summary>
    public static IReadOnlyList<string> Words(string? search)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in ForQuery(search))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>How many letters or digits the normalized term has.</summary>
    public static int SignificantLength(string? search) => ForQuery(search).Count(char.IsLetterOrDigit);
}
