using System.Security.Cryptography;
using WhatsSuite.Application.Media;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Media;
using WhatsSuite.Infrastructure.Security;

namespace WhatsSuite.Api.IntegrationTests.Media;

/// <summary>The chunked AES-256-GCM format of media files at rest, on a real directory.</summary>
public sealed class MediaEncryptionTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-media-enc-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(MediaEncryption.ChunkSize - 1)]
    [InlineData(MediaEncryption.ChunkSize)]
    [InlineData(MediaEncryption.ChunkSize + 1)]
    [InlineData((3 * MediaEncryption.ChunkSize) + 5)]
    public async Task OpenRead_AnyLengthAndOffset_ReturnsThePlaintextFromThatOffset(int length)
    {
        var store = Store(Key(1));
        var plaintext = RandomNumberGenerator.GetBytes(length);
        Assert.NotNull(await store.WriteAsync("media/a/b", new MemoryStream(plaintext), CancellationToken.None));

        foreach (var offset in new[] { 0, 1, MediaEncryption.ChunkSize - 1, MediaEncryption.ChunkSize, MediaEncryption.ChunkSize + 7, length - 1, length }.Where(o => o >= 0 && o <= length).Distinct())
        {
            Assert.Equal(plaintext[offset..], await ReadAsync(store, "media/a/b", offset));
        }

        var onDisk = await File.ReadAllBytesAsync(Path.Combine(_directory, "media", "a", "b"));
        Assert.Equal(MediaEncryption.HeaderBytes + (((length / MediaEncryption.ChunkSize) + 1) * MediaEncryption.TagBytes) + length, onDisk.Length);
    }

    [Fact]
    public async Task OpenRead_AlteredOrTruncatedFile_FailsToDecrypt()
    {
        var store = Store(Key(1));
        var plaintext = RandomNumberGenerator.GetBytes((2 * MediaEncryption.ChunkSize) + 10);
        await store.WriteAsync("media/a/c", new MemoryStream(plaintext), CancellationToken.None);
        var path = Path.Combine(_directory, "media", "a", "c");
        var original = await File.ReadAllBytesAsync(path);

        var altered = original.ToArray();
        altered[MediaEncryption.HeaderBytes + MediaEncryption.ChunkSize + 40] ^= 1;
        await File.WriteAllBytesAsync(path, altered);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAsync(store, "media/a/c", 0));

        // Cut at a chunk boundary: every remaining chunk is intact, but the last one is missing.
        await File.WriteAllBytesAsync(path, original[..(MediaEncryption.HeaderBytes + (2 * (MediaEncryption.ChunkSize + MediaEncryption.TagBytes)))]);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAsync(store, "media/a/c", 0));
    }

    [Fact]
    public async Task OpenRead_FileUnderAnOldKey_IsReadableOnlyWhileTheOldKeyIsConfigured()
    {
        var oldKey = Key(1);
        var plaintext = RandomNumberGenerator.GetBytes(1000);
        await Store(oldKey).WriteAsync("media/a/d", new MemoryStream(plaintext), CancellationToken.None);

        Assert.Equal(plaintext, await ReadAsync(Store(Key(2), oldKey), "media/a/d", 0));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAsync(Store(Key(2)), "media/a/d", 0));
    }

    [Fact]
    public async Task OpenRead_FileWrittenWithEncryptionOff_IsReadAsItIs()
    {
        var plaintext = RandomNumberGenerator.GetBytes(500);
        Assert.Null(await Store(Key(1), encrypted: false).WriteAsync("media/a/e", new MemoryStream(plaintext), CancellationToken.None));

        Assert.Equal(plaintext, await File.ReadAllBytesAsync(Path.Combine(_directory, "media", "a", "e")));
        Assert.Equal(plaintext[10..], await ReadAsync(Store(Key(1)), "media/a/e", 10));
    }

    private static byte[] Key(byte seed) => SHA256.HashData([seed]);

    private MediaStore Store(byte[] current, byte[]? old = null, bool encrypted = true)
    {
        var keys = new Dictionary<string, byte[]> { [AesGcmSecretProtector.KeyId(current)] = current };
        if (old is not null)
        {
            keys[AesGcmSecretProtector.KeyId(old)] = old;
        }

        var settings = new MediaSettings
        {
            StorageDirectory = _directory,
            EncryptionEnabled = encrypted,
            CurrentKey = current,
            Keys = keys,
            SigningKey = new byte[32],
            Options = new MediaOptions(),
        };
        return new MediaStore(new LocalMediaBlobStore(settings), settings);
    }

    private static async Task<byte[]> ReadAsync(MediaStore store, string key, long offset)
    {
        await using var stream = (await store.OpenReadAsync(key, offset, CancellationToken.None))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
