using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>
/// Keys for encrypting sensitive columns: <c>DATA_ENCRYPTION_KEY</c> (current, base64 of 32 bytes) and
/// <c>DATA_ENCRYPTION_OLD_KEYS</c> (comma list, still readable so that rows can be re-encrypted).
/// </summary>
public sealed class DataEncryptionSettings
{
    public const string LocalKeyFileName = "data-encryption.key";

    public required byte[] CurrentKey { get; init; }

    public required IReadOnlyList<byte[]> OldKeys { get; init; }

    internal static DataEncryptionSettings Load(ConfigReader config, IHostEnvironment environment, PersistenceMode mode, string sqlitePath, byte[] jwtKey)
    {
        var current = config.Text("DATA_ENCRYPTION_KEY");
        byte[] key;
        if (current is not null)
        {
            key = ParseKey("DATA_ENCRYPTION_KEY", current);
        }
        else if (environment.IsProduction())
        {
            throw new InvalidOperationException("DATA_ENCRYPTION_KEY is required in Production (32 random bytes in base64).");
        }
        else if (mode == PersistenceMode.Embedded)
        {
            key = LoadOrCreateLocalKey(Path.Combine(Path.GetDirectoryName(sqlitePath)!, LocalKeyFileName));
        }
        else
        {
            // Server mode outside Production: every instance shares JWT_SECRET, so a key derived from it is
            // the same everywhere. Production always requires DATA_ENCRYPTION_KEY (StartupSecretsValidator).
            key = HKDF.DeriveKey(HashAlgorithmName.SHA256, jwtKey, StartupSecretsValidator.KeyBytes, salt: [], info: Encoding.UTF8.GetBytes("whatssuite-data-encryption-dev"));
        }

        var oldKeys = (config.Text("DATA_ENCRYPTION_OLD_KEYS") ?? string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(k => ParseKey("DATA_ENCRYPTION_OLD_KEYS", k))
            .ToList();
        return new DataEncryptionSettings { CurrentKey = key, OldKeys = oldKeys };
    }

    private static byte[] ParseKey(string variable, string text)
    {
        if (!StartupSecretsValidator.IsBase64Key(text))
        {
            throw new InvalidOperationException($"{variable} must hold {StartupSecretsValidator.KeyBytes} bytes in base64 (openssl rand -base64 32).");
        }

        return Convert.FromBase64String(text.Trim());
    }

    /// <summary>Embedded try-out without DATA_ENCRYPTION_KEY: a random key kept next to the SQLite file.</summary>
    private static byte[] LoadOrCreateLocalKey(string path)
    {
        if (File.Exists(path) && StartupSecretsValidator.IsBase64Key(File.ReadAllText(path)))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(StartupSecretsValidator.KeyBytes);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
