using System.Security.Cryptography;
using System.Text;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Application.Auth;

/// <summary>
/// Binds a session to the one access token issued with it. The session stores the SHA-256 of that token;
/// a presented token is honoured only when its subject is the session's user and its hash is the stored one.
/// So a token signed with the right key but carrying another user's id, another role or any other change,
/// while reusing a live session id, is refused: the session, not the token, decides who the caller is.
/// </summary>
public static class SessionBinding
{
    public static string Hash(string accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accessToken)));
    }

    /// <summary>True when <paramref name="accessToken"/> is the token issued for <paramref name="session"/> to <paramref name="subject"/>.</summary>
    public static bool Matches(SessionDescriptor session, string? subject, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.TokenHash is not { Length: > 0 } stored
            || !Guid.TryParse(subject, out var userId)
            || userId != session.UserId)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(Hash(accessToken)));
    }
}
