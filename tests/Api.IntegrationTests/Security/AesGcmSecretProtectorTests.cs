using System.Security.Cryptography;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.Security;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>Unit tests of the column encryption; no host is started.</summary>
public sealed class AesGcmSecretProtectorTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    private static AesGcmSecretProtector Protector(byte[] current, params byte[][] old) =>
        new(new DataEncryptionSettings { CurrentKey = current, OldKeys = old });

    [Fact]
    public void Protect_ThenUnprotect_RoundTripsAndHidesThePlaintext()
    {
        var protector = Protector(KeyA);

        var stored = protector.Protect("JBSWY3DPEHPK3PXP");

        Assert.StartsWith($"enc:v1:{AesGcmSecretProtector.KeyId(KeyA)}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("JBSWY3DPEHPK3PXP", stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, protector.Protect("JBSWY3DPEHPK3PXP"));
        Assert.Equal("JBSWY3DPEHPK3PXP", protector.Unprotect(stored));
        Assert.True(protector.IsProtectedWithCurrentKey(stored));
    }

    [Fact]
    public void Unprotect_TamperedCiphertext_Throws()
    {
        var protector = Protector(KeyA);
        var stored = protector.Protect("JBSWY3DPEHPK3PXP");
        var payload = Convert.FromBase64String(stored[(stored.LastIndexOf(':') + 1)..]);
        payload[14] ^= 0x01;
        var tampered = stored[..(stored.LastIndexOf(':') + 1)] + Convert.ToBase64String(payload);

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered));
    }

    [Fact]
    public void Unprotect_KeyIdSwappedToAnotherKnownKey_Throws()
    {
        var protector = Protector(KeyA, KeyB);
        var stored = protector.Protect("JBSWY3DPEHPK3PXP");
        var relabelled = stored.Replace(AesGcmSecretProtector.KeyId(KeyA), AesGcmSecretProtector.KeyId(KeyB), StringComparison.Ordinal);

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(relabelled));
    }

    [Fact]
    public void Unprotect_ValueUnderAnOldKey_IsReadableButNotCurrent()
    {
        var stored = Protector(KeyA).Protect("JBSWY3DPEHPK3PXP");
        var rotated = Protector(KeyB, KeyA);

        Assert.Equal("JBSWY3DPEHPK3PXP", rotated.Unprotect(stored));
        Assert.False(rotated.IsProtectedWithCurrentKey(stored));
    }

    [Fact]
    public void Unprotect_ValueUnderAnUnknownKey_ThrowsNamingTheOldKeysVariable()
    {
        var stored = Protector(KeyA).Protect("JBSWY3DPEHPK3PXP");

        var error = Assert.ThrowsAny<CryptographicException>(() => Protector(KeyB).Unprotect(stored));

        Assert.Contains("DATA_ENCRYPTION_OLD_KEYS", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JBSWY3DPEHPK3PXP")]
    [InlineData("enc:v1:abc:AAAA")]
    [InlineData("enc:v1:0123abcd:not-base64!")]
    public void Unprotect_NotAProtectedValue_Throws(string value)
    {
        Assert.ThrowsAny<CryptographicException>(() => Protector(KeyA).Unprotect(value));
    }
}
