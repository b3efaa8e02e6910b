using System.Globalization;
using System.Text;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// The one normalization of the conversation search, applied when the search document is written and when a
/// term is searched: Unicode compatibility decomposition, accents (combining marks) removed, lower case
/// (invariant), every run of whitespace or control characters as one space. "Envío", "envio" and "ENVIO" all
/// become <c>envio</c>.
/// </summary>
public static class ConversationSearchText
{
    /// <summary>The shortest term searched (letters and digits after normalization): shorter ones cannot use the trigram index.</summary>
    public const int MinTermLength = 3;

    /// <summary>The normalized form of <paramref name="text"/>; empty for null or blank text.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
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

        return builder.ToString().Normalize(NormalizationForm.FormC);
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

    /// <summary>How many letters or digits the normalized term has.</summary>
    public static int SignificantLength(string? search) => ForQuery(search).Count(char.IsLetterOrDigit);
}
