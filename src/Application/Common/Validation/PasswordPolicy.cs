using System.Reflection;

namespace WhatsSuite.Application.Common.Validation;

/// <summary>
/// What a new password must not be: a common password (built-in list, compared case-insensitively), one
/// character repeated, or a plain run of consecutive characters such as <c>123456789012</c> or
/// <c>abcdefghijkl</c>. Length and "not the e-mail" are checked by the validators.
/// </summary>
public static class PasswordPolicy
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public static bool IsWeak(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return false;
        }

        var lower = password.Trim().ToLowerInvariant();
        return Common.Value.Contains(lower) || lower.Distinct().Count() == 1 || IsConsecutiveRun(lower);
    }

    private static bool IsConsecutiveRun(string value)
    {
        if (value.Length < 3)
        {
            return false;
        }

        var step = value[1] - value[0];
        if (step is not (1 or -1))
        {
            return false;
        }

        for (var i = 2; i < value.Length; i++)
        {
            var delta = value[i] - value[i - 1];
            // 9 → 0 continues a digit run ("...7890123").
            var wraps = step == 1 ? value[i - 1] == '9' && value[i] == '0' : value[i - 1] == '0' && value[i] == '9';
            if (delta != step && !wraps)
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("WhatsSuite.Application.CommonPasswords")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.ToLowerInvariant());
            }
        }

        return set;
    }
}
