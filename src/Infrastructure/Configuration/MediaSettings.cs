using System.Security.Cryptography;
using System.Text;
using WhatsSuite.Application.Media;
using WhatsSuite.Infrastructure.Security;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>
/// Media storage and its keys: <c>MEDIA_STORAGE_DIR</c> (default <c>media</c> next to the SQLite file, in the data
/// folder), <c>MEDIA_ENCRYPTION_ENABLED</c> with <c>MEDIA_ENCRYPTION_KEY</c> and <c>MEDIA_ENCRYPTION_OLD_KEYS</c>
/// (derived from the data encryption keys when not set), <c>MEDIA_SIGNING_SECRET</c> (derived from
/// <c>JWT_SECRET</c> when not set) and the media rules (<see cref="MediaOptions"/>).
/// </summary>
public sealed class MediaSettings
{
    public const string DefaultAllowedMimePrefixes =
        "image/,audio/,video/,application/pdf,text/plain,application/msword,application/vnd.ms-excel,application/vnd.ms-powerpoint,application/vnd.openxmlformats-officedocument.";

    public required string StorageDirectory { get; init; }

    /// <summary><c>MEDIA_STORAGE</c>: where media files live, the local directory or an S3-compatible bucket.</summary>
    public MediaStorageKind Storage { get; init; } = MediaStorageKind.Local;

    /// <summary>The bucket and its endpoint when <see cref="Storage"/> is <see cref="MediaStorageKind.S3"/>.</summary>
    public S3StorageSettings? S3 { get; init; }

    public required bool EncryptionEnabled { get; init; }

    /// <summary>The key new files are encrypted under.</summary>
    public required byte[] CurrentKey { get; init; }

    /// <summary>Every readable key by id: the current one and the old ones.</summary>
    public required IReadOnlyDictionary<string, byte[]> Keys { get; init; }

    public required byte[] SigningKey { get; init; }

    public required MediaOptions Options { get; init; }

    public string CurrentKeyId => AesGcmSecretProtector.KeyId(CurrentKey);

    internal static MediaSettings Load(ConfigReader config, string sqlitePath, DataEncryptionSettings data, byte[] jwtKey)
    {
        var directory = Path.GetFullPath(config.Text("MEDIA_STORAGE_DIR", Path.Combine(Path.GetDirectoryName(sqlitePath)!, "media")));
        var explicitKey = config.Text("MEDIA_ENCRYPTION_KEY");
        byte[] current;
        List<byte[]> old;
        if (explicitKey is not null)
        {
            current = ParseKey("MEDIA_ENCRYPTION_KEY", explicitKey);
            old = (config.Text("MEDIA_ENCRYPTION_OLD_KEYS") ?? string.Empty)
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(k => ParseKey("MEDIA_ENCRYPTION_OLD_KEYS", k))
                .ToList();
        }
        else
        {
            // Without a key of its own, media is encrypted under a key derived from the data encryption key, and the
            // old data keys give the old media keys: rotating DATA_ENCRYPTION_KEY rotates both.
            current = Derive(data.CurrentKey);
            old = data.OldKeys.Select(Derive).ToList();
            if (config.Text("MEDIA_ENCRYPTION_OLD_KEYS") is not null)
            {
                throw new InvalidOperationException("MEDIA_ENCRYPTION_OLD_KEYS needs MEDIA_ENCRYPTION_KEY: without it the media keys follow DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_OLD_KEYS.");
            }
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in old)
        {
            keys[AesGcmSecretProtector.KeyId(key)] = key;
        }

        keys[AesGcmSecretProtector.KeyId(current)] = current;
        var secret = config.Text("MEDIA_SIGNING_SECRET");
        if (secret is not null && Encoding.UTF8.GetByteCount(secret) < 32)
        {
            throw new InvalidOperationException("MEDIA_SIGNING_SECRET must be at least 32 bytes (openssl rand -base64 48).");
        }

        var signingKey = secret is not null
            ? Encoding.UTF8.GetBytes(secret)
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, jwtKey, 32, salt: [], info: Encoding.UTF8.GetBytes("whatssuite media link signing v1"));
        var prefixes = config.Text("MEDIA_ALLOWED_MIME_PREFIXES", DefaultAllowedMimePrefixes)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var storage = config.Text("MEDIA_STORAGE", "local").Trim().ToUpperInvariant() switch
        {
            "LOCAL" => MediaStorageKind.Local,
            "S3" => MediaStorageKind.S3,
            _ => throw new InvalidOperationException("MEDIA_STORAGE must be local or s3."),
        };
        return new MediaSettings
        {
            StorageDirectory = directory,
            Storage = storage,
            S3 = storage == MediaStorageKind.S3 ? S3StorageSettings.Load(config) : null,
            EncryptionEnabled = config.Bool("MEDIA_ENCRYPTION_ENABLED", true),
            CurrentKey = current,
            Keys = keys,
            SigningKey = signingKey,
            Options = new MediaOptions
            {
                MaxBytes = config.Number("MEDIA_MAX_BYTES", 100 * 1024 * 1024, min: 1024, max: int.MaxValue),
                AllowedMimePrefixes = prefixes,
                DownloadMaxAttempts = config.Number("MEDIA_DOWNLOAD_MAX_ATTEMPTS", 6, min: 1, max: 50),
                SignedUrlLifetime = config.Duration("MEDIA_SIGNED_URL_TTL", TimeSpan.FromMinutes(5)),
                UnreferencedGrace = config.Duration("MEDIA_UNREFERENCED_GRACE", TimeSpan.FromHours(24)),
            },
        };
    }

    private static byte[] Derive(byte[] dataKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, StartupSecretsValidator.KeyBytes, salt: [], info: Encoding.UTF8.GetBytes("whatssuite media encryption v1"));

    private static byte[] ParseKey(string variable, string text)
    {
        if (!StartupSecretsValidator.IsBase64Key(text))
        {
            throw new InvalidOperationException($"{variable} must hold {StartupSecretsValidator.KeyBytes} bytes in base64 (openssl rand -base64 32).");
        }

        return Convert.FromBase64String(text.Trim());
    }
}

/// <summary>Where media files are kept.</summary>
public enum MediaStorageKind
{
    /// <summary>One file per key under <c>MEDIA_STORAGE_DIR</c>.</summary>
    Local = 1,

    /// <summary>One object per key in an S3-compatible bucket (<c>MEDIA_S3_*</c>).</summary>
    S3 = 2,
}

/// <summary>
/// An S3-compatible bucket: <c>MEDIA_S3_ENDPOINT</c> (unset: Amazon S3 in <c>MEDIA_S3_REGION</c>), <c>MEDIA_S3_REGION</c>,
/// <c>MEDIA_S3_BUCKET</c>, <c>MEDIA_S3_ACCESS_KEY</c> with <c>MEDIA_S3_SECRET_KEY</c> (unset: anonymous) and
/// <c>MEDIA_S3_PATH_STYLE</c> (MinIO and Ceph usually need it).
/// </summary>
public sealed record S3StorageSettings(string? Endpoint, string Region, string Bucket, string? AccessKey, string? SecretKey, bool PathStyle)
{
    internal static S3StorageSettings Load(ConfigReader config)
    {
        var endpoint = config.Text("MEDIA_S3_ENDPOINT");
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            throw new InvalidOperationException("MEDIA_S3_ENDPOINT must be an absolute http(s) URL, such as https://s3.example.com.");
        }

        var bucket = config.Text("MEDIA_S3_BUCKET") ?? throw new InvalidOperationException("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET.");
        var accessKey = config.Text("MEDIA_S3_ACCESS_KEY");
        var secretKey = config.Text("MEDIA_S3_SECRET_KEY");
        if ((accessKey is null) != (secretKey is null))
        {
            throw new InvalidOperationException("MEDIA_S3_ACCESS_KEY and MEDIA_S3_SECRET_KEY go together: set both, or neither for anonymous access.");
        }

        return new S3StorageSettings(endpoint, config.Text("MEDIA_S3_REGION", "us-east-1"), bucket, accessKey, secretKey, config.Bool("MEDIA_S3_PATH_STYLE", false));
    }

    /// <summary>Never prints the secret key.</summary>
    public override string ToString() => $"S3StorageSettings {{ Endpoint = {Endpoint}, Region = {Region}, Bucket = {Bucket}, PathStyle = {PathStyle} }}";
}
