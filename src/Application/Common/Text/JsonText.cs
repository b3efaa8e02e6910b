using System.Globalization;
using System.Text;
using WhatsSuite.Domain.Common;

namespace WhatsSuite.Application.Common.Text;

/// <summary>JSON text received from outside that must be read and stored without losing it.</summary>
public static class JsonText
{
    private const string Replacement = "\\uFFFD";

    /// <summary>
    /// The JSON with every unpaired surrogate, raw or written as a <c>\uXXXX</c> escape, replaced by U+FFFD.
    /// System.Text.Json refuses to read such a string, and PostgreSQL cannot store it; a payload that carries one
    /// (a customer's text cut inside an emoji by another system) is kept, with the lost half shown as U+FFFD.
    /// Everything else is returned unchanged, character for character.
    /// </summary>
    public static string ReplaceLoneSurrogates(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json = TextLimit.ReplaceLoneSurrogates(json);
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return json;
        }

        StringBuilder? builder = null;
        var copied = 0;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\' || i + 1 >= json.Length)
            {
                continue;
            }

            if (json[i + 1] != 'u' || !TryEscape(json, i, out var unit))
            {
                i++; // any other escape, such as \\ or \", is two characters
                continue;
            }

            if (char.IsHighSurrogate(unit) && TryEscape(json, i + 6, out var low) && char.IsLowSurrogate(low))
            {
                i += 11; // a valid pair: both escapes stay
                continue;
            }

            if (char.IsSurrogate(unit))
            {
                builder ??= new StringBuilder(json.Length);
                builder.Append(json, copied, i - copied).Append(Replacement);
                copied = i + 6;
            }

            i += 5;
        }

        return builder is null ? json : builder.Append(json, copied, json.Length - copied).ToString();
    }

    /// <summary>Reads the <c>\uXXXX</c> escape at <paramref name="start"/>.</summary>
    private static bool TryEscape(string json, int start, out char unit)
    {
        unit = default;
        if (start + 6 > json.Length || json[start] != '\\' || json[start + 1] != 'u'
            || !ushort.TryParse(json.AsSpan(start + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        unit = (char)value;
        return true;
    }
}
