using System.Text.Json.Serialization;

namespace WhatsSuite.Application.Auth;

/// <summary>
/// What a successful login answers: a bearer token and its lifetime in seconds (<c>mfaRequired: false</c>);
/// or, for a user with MFA, <c>mfaRequired: true</c> with a short-lived single-use <c>challengeToken</c> for
/// <c>POST /api/v1/auth/login/mfa</c> and its lifetime in <c>expiresIn</c>.
/// </summary>
public sealed record AccessTokenDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType,
    int ExpiresIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? MustChangePassword,
    bool MfaRequired = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ChallengeToken = null)
{
    public static AccessTokenDto ForMfaChallenge(string challengeToken, int expiresIn) =>
        new(null, null, expiresIn, null, MfaRequired: true, ChallengeToken: challengeToken);
}
