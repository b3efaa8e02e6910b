using System.Security.Cryptography;
using System.Text;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Security;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce. Stored form: <c>enc:v1:&lt;keyId&gt;:&lt;base64(nonce|ciphertext|tag)&gt;</c>,
/// where keyId is the first 8 hex digits of SHA-256 of the key; the prefix is authenticated as associated data.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    public const string Prefix = "enc:v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _currentKey;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public AesGcmSecretProtector(DataEncryptionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _currentKey = settings.CurrentKey;
        CurrentKeyId = KeyId(settings.CurrentKey);
        foreach (var old in settings.OldKeys)
        {
            _keys.TryAdd(KeyId(old), old);
        }

        _keys[CurrentKeyId] = _currentKey;
    }

    public string CurrentKeyId { get; }

    public static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var header = Prefix + CurrentKeyId + ":";
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceBytes + data.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_currentKey, TagBytes);
        aes.Encrypt(nonce, data, output.AsSpan(NonceBytes, data.Length), output.AsSpan(NonceBytes + data.Length), Encoding.UTF8.GetBytes(header));
        return header + Convert.ToBase64String(output);
    }

    public string Unprotect(string protectedValue)
    {
        var (keyId, payload) = Parse(protectedValue);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"No data encryption key with id {keyId}; add it to DATA_ENCRYPTION_OLD_KEYS.");
        }

        if (payload.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The protected value is too short.");
        }

        var length = payload.Length - NonceBytes - TagBytes;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(
            payload.AsSpan(0, NonceBytes),
            payload.AsSpan(NonceBytes, length),
            payload.AsSpan(NonceBytes + length),
            plaintext,
            Encoding.UTF8.GetBytes(Prefix + keyId + ":"));
        return Encoding.UTF8.GetString(plaintext);
    }

    public bool IsProtectedWithCurrentKey(string protectedValue) => Parse(protectedValue).KeyId == CurrentKeyId;

    private static (string KeyId, byte[] Payload) Parse(string protectedValue)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        var parts = protectedValue.StartsWith(Prefix, StringComparison.Ordinal) ? protectedValue[Prefix.Length..].Split(':') : [];
        if (parts.Length != 2 || parts[0].Length != 8)
        {
            throw new CryptographicException("The value is not in the enc:v1:<keyId>:<data> form.");
        }

        try
        {
            return (parts[0], Convert.FromBase64String(parts[1]));
        }
        catch (FormatException exception)
        {
            throw new CryptographicException("The protected value is not valid base64.", exception);
        }
    }
}
