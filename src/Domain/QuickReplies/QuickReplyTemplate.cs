using System.Text;
using System.Text.RegularExpressions;

namespace WhatsSuite.Domain.QuickReplies;

/// <summary>
/// The variables of a quick reply's text, written <c>{{contact.name}}</c>: <c>contact.name</c> (the customer's name as
/// the business knows it, else their WhatsApp profile name), <c>contact.phone</c> (their number) and <c>agent.name</c>
/// (the user sending it). Anything else between double braces is an unknown variable.
/// </summary>
public static partial class QuickReplyTemplate
{
    public const string ContactName = "contact.name";
    public const string ContactPhone = "contact.phone";
    public const string AgentName = "agent.name";

    public static readonly IReadOnlyList<string> Known = [ContactName, ContactPhone, AgentName];

    /// <summary>The variables <paramref name="text"/> uses, in order of first use.</summary>
    public static IReadOnlyList<string> Variables(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The variables of <paramref name="text"/> that are not known.</summary>
    public static IReadOnlyList<string> Unknown(string text) => Variables(text).Where(v => !Known.Contains(v, StringComparer.Ordinal)).ToList();

    /// <summary>The text with each variable replaced by its value (an empty value for a missing one).</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        var result = new StringBuilder(text.Length);
        var last = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            result.Append(text, last, match.Index - last);
            result.Append(values.GetValueOrDefault(match.Groups[1].Value) ?? string.Empty);
            last = match.Index + match.Length;
        }

        result.Append(text, last, text.Length - last);
        return result.ToString();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Placeholder();
}
