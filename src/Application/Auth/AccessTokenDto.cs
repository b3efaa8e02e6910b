using System.Text.Json.Serialization;

namespace WhatsSuite.Application.Auth;

/// <summary>
/// What a successful sign-in or refresh answers: a short-lived bearer token (<c>expiresIn</c> seconds) and
/// an opaque refresh token (<c>refreshExpiresIn</c> seconds) that can be exchanged once for the next pair,
/// with <c>mfaRequired: false</c>. For a user with MFA, the first step answers <c>mfaRequired: true</c>
/// with a short-lived single-use <c>challengeToken</c> for <c>POST /api/v1/auth/login/mfa</c> and its
/// lifetime in <c>expiresIn</c>.
/// </summary>
public sealed record AccessTokenDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType,
    int ExpiresIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RefreshExpiresIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? MustChangePassword,
    bool MfaRequired = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ChallengeToken = null)
{
    public static AccessTokenDto ForMfaChallenge(string challengeToken, int expiresIn) =>
        new(null, null, expiresIn, null, null, null, MfaRequired: true, ChallengeToken: challengeToken);

    public override string ToString() => $"{nameof(AccessTokenDto)} {{ ExpiresIn = {ExpiresIn}, MfaRequired = {MfaRequired} }}";
}
