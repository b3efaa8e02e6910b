using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Media;

/// <summary>HMAC-SHA256 over <c>v1|message|user|session|expires</c> with the media signing key, base64url without padding.</summary>
public sealed class MediaLinkSigner(MediaSettings settings) : IMediaLinkSigner
{
    public string Sign(Guid messageId, Guid userId, string sessionId, long expiresUnixSeconds) =>
        Base64Url.EncodeToString(Mac(messageId, userId, sessionId, expiresUnixSeconds));

    public bool Verify(Guid messageId, Guid userId, string sessionId, long expiresUnixSeconds, string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var given = new byte[64];
        if (!Base64Url.IsValid(signature) || signature.Length > 86 || Base64Url.DecodeFromChars(signature, given) is var written && written != 32)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given.AsSpan(0, 32), Mac(messageId, userId, sessionId, expiresUnixSeconds));
    }

    private byte[] Mac(Guid messageId, Guid userId, string sessionId, long expires) =>
        HMACSHA256.HashData(settings.SigningKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"v1|{messageId:N}|{userId:N}|{sessionId}|{expires}")));
}
