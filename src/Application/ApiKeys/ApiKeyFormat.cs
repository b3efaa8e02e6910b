using System.Security.Cryptography;
using System.Text;

namespace WhatsSuite.Application.ApiKeys;

/// <summary>
/// Keys look like <c>wsk_&lt;prefix&gt;_&lt;secret&gt;</c>: the prefix (10 random characters) finds the key,
/// the secret (256 random bits) proves it. Only the SHA-256 of the whole key is stored.
/// </summary>
internal static class ApiKeyFormat
{
    public const string Scheme = "wsk";
    private const string PrefixAlphabet = "abcdefghijkmnopqrstuvwxyz23456789";

    public static (string Prefix, string Key) NewKey()
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, 10);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (prefix, $"{Scheme}_{prefix}_{secret}");
    }

    public static bool TryReadPrefix(string key, out string prefix)
    {
        prefix = string.Empty;
        var parts = key.Split('_', 3);
        if (parts.Length != 3 || parts[0] != Scheme || parts[1].Length != 10 || parts[2].Length < 32)
        {
            return false;
        }

        prefix = parts[1];
        return true;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
