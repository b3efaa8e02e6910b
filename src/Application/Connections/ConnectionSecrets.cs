using System.Security.Cryptography;

namespace WhatsSuite.Application.Connections;

/// <summary>Random values for the secrets WhatsSuite generates: webhook verify tokens and the sandbox's credentials.</summary>
internal static class ConnectionSecrets
{
    /// <summary>32 random bytes, base64url without padding (43 characters).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A phone number id for a sandbox connection, which has no Meta number.</summary>
    public static string NewSandboxPhoneNumberId() => $"sandbox-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
