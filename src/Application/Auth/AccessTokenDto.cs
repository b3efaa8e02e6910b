namespace WhatsSuite.Application.Auth;

/// <summary>
/// What a successful sign-in or refresh answers: a short-lived bearer token (<c>expiresIn</c> seconds) and
/// an opaque refresh token (<c>refreshExpiresIn</c> seconds) that can be exchanged once for the next pair.
/// </summary>
public sealed record AccessTokenDto(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, int RefreshExpiresIn, bool MustChangePassword)
{
    public override string ToString() => $"{nameof(AccessTokenDto)} {{ ExpiresIn = {ExpiresIn} }}";
}
