namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Signs and checks media links (HMAC-SHA256 with <c>MEDIA_SIGNING_SECRET</c>): a signature binds the message, the
/// user, the user's session and the expiry time, so none of them can be changed.
/// </summary>
public interface IMediaLinkSigner
{
    string Sign(Guid messageId, Guid userId, string sessionId, long expiresUnixSeconds);

    /// <summary>Whether <paramref name="signature"/> is the signature of these values (compared in constant time).</summary>
    bool Verify(Guid messageId, Guid userId, string sessionId, long expiresUnixSeconds, string signature);
}
