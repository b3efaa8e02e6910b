using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>Access-token settings: <c>JWT_SECRET</c>, <c>JWT_EXPIRES_IN</c>, <c>JWT_ISSUER</c>, <c>JWT_AUDIENCE</c>.</summary>
public sealed class JwtSettings
{
    public const int MinSecretBytes = 32;

    public required byte[] SigningKey { get; init; }

    public required TimeSpan ExpiresIn { get; init; }

    public required string Issuer { get; init; }

    public required string Audience { get; init; }

    internal static JwtSettings Load(ConfigReader config, IHostEnvironment environment, PersistenceMode mode, string sqlitePath)
    {
        var secret = config.Text("JWT_SECRET");
        byte[] key;
        if (secret is not null)
        {
            key = Encoding.UTF8.GetBytes(secret);
            if (key.Length < MinSecretBytes)
            {
                throw new InvalidOperationException($"JWT_SECRET must be at least {MinSecretBytes} bytes long.");
            }
        }
        else if (mode == PersistenceMode.Embedded && !environment.IsProduction())
        {
            key = LoadOrCreateLocalKey(Path.Combine(Path.GetDirectoryName(sqlitePath)!, "jwt-signing.key"));
        }
        else
        {
            throw new InvalidOperationException(
                "JWT_SECRET is required (at least 32 bytes) in server mode and in Production; every instance must share it.");
        }

        return new JwtSettings
        {
            SigningKey = key,
            ExpiresIn = config.Duration("JWT_EXPIRES_IN", TimeSpan.FromMinutes(15)),
            Issuer = config.Text("JWT_ISSUER", "whatssuite"),
            Audience = config.Text("JWT_AUDIENCE", "whatssuite-clients"),
        };
    }

    /// <summary>
    /// For a local try-out without JWT_SECRET: a random key kept next to the SQLite file, so tokens stay
    /// valid across restarts of the same installation.
    /// </summary>
    private static byte[] LoadOrCreateLocalKey(string path)
    {
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (existing.Length >= MinSecretBytes)
            {
                return existing;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(64);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
