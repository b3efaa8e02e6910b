using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>
/// Reads the product's environment variables with the original system's parsing rules: numbers must
/// parse or start-up stops naming the variable; booleans are true for true/1/yes/on. Every setting the product
/// reads goes through this class with its name written out as a literal, so that <c>ConfigurationKeysTests</c>
/// can check that the README's configuration table and <c>.env.example</c> list exactly the settings read.
/// </summary>
public sealed class ConfigReader(IConfiguration configuration)
{
    /// <summary>The value exactly as configured (null when absent), for settings whose empty value means something.</summary>
    public string? Raw(string key) => configuration[key];

    public string? Text(string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public string Text(string key, string fallback) => Text(key) ?? fallback;

    public int Number(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var raw = Text(key);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException($"{key} must be a whole number between {min} and {max}; got '{raw}'.");
        }

        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        var raw = Text(key);
        if (raw is null)
        {
            return fallback;
        }

        return raw.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" or "ON" => true,
            "FALSE" or "0" or "NO" or "OFF" => false,
            _ => throw new InvalidOperationException($"{key} must be a boolean (true/false, 1/0, yes/no, on/off); got '{raw}'."),
        };
    }

    /// <summary>Parses durations such as <c>15m</c>, <c>1h</c>, <c>30s</c>, <c>7d</c>, or plain seconds.</summary>
    public TimeSpan Duration(string key, TimeSpan fallback)
    {
        var raw = Text(key);
        if (raw is null)
        {
            return fallback;
        }

        return TryParseDuration(raw, out var value) && value > TimeSpan.Zero
            ? value
            : throw new InvalidOperationException($"{key} must be a positive duration such as 900, 15m, 1h or 7d; got '{raw}'.");
    }

    public static bool TryParseDuration(string raw, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(raw);
        value = default;
        raw = raw.Trim();
        if (raw.Length == 0)
        {
            return false;
        }

        var unit = char.ToLowerInvariant(raw[^1]);
        var (digits, seconds) = unit switch
        {
            's' => (raw[..^1], 1L),
            'm' => (raw[..^1], 60L),
            'h' => (raw[..^1], 3600L),
            'd' => (raw[..^1], 86400L),
            _ => (raw, 1L),
        };
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > int.MaxValue)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(amount * seconds);
        return true;
    }
}
