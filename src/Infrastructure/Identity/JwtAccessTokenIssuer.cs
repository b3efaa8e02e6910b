using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Identity;

/// <summary>HS256 access tokens with <c>iss</c>, <c>aud</c>, <c>exp</c>, <c>sub</c>, <c>role</c> and a random <c>jti</c>.</summary>
internal sealed class JwtAccessTokenIssuer(JwtSettings settings, MfaSettings mfa, TimeProvider clock) : IAccessTokenIssuer
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(new SymmetricSecurityKey(settings.SigningKey), SecurityAlgorithms.HmacSha256);

    public IssuedAccessToken Issue(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = clock.GetUtcNow();
        var expires = now + settings.ExpiresIn;
        var jti = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
            [JwtRegisteredClaimNames.Jti] = jti,
            [AccessTokenClaims.Role] = user.Role.ToString(),
            [JwtRegisteredClaimNames.Email] = user.Email,
        };
        if (user.MustChangePassword)
        {
            claims[AccessTokenClaims.PasswordChangeRequired] = true;
        }

        if (user.MfaEnabled)
        {
            claims[AccessTokenClaims.Mfa] = AccessTokenClaims.MfaEnabled;
        }
        else if (mfa.RequiredRoles.Contains(user.Role))
        {
            claims[AccessTokenClaims.Mfa] = AccessTokenClaims.MfaEnrollmentRequired;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
        return new IssuedAccessToken(token, jti, now, expires);
    }
}

/// <summary>Claim names of WhatsSuite access tokens.</summary>
public static class AccessTokenClaims
{
    public const string Role = "role";
    public const string PasswordChangeRequired = "pwd_change";

    /// <summary><c>enabled</c> when the user signed in with MFA; <c>required</c> when their role needs MFA and they have not enrolled.</summary>
    public const string Mfa = "mfa";
    public const string MfaEnabled = "enabled";
    public const string MfaEnrollmentRequired = "required";

    /// <summary>
    /// The validation rules every instance applies to access tokens. Their lifetime is checked against
    /// <paramref name="clock"/>, the clock that stamps them when they are issued, so issuing and checking never
    /// disagree about the time.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(JwtSettings settings, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        return new TokenValidationParameters
        {
            LifetimeValidator = (notBefore, expires, _, parameters) => IsWithinLifetime(notBefore, expires, clock.GetUtcNow().UtcDateTime, parameters.ClockSkew),
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(settings.SigningKey),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = Role,
        };
    }

    /// <summary>
    /// A token is valid from its <c>nbf</c> to its <c>exp</c>, both widened by <paramref name="skew"/>; a token
    /// without an expiry never is.
    /// </summary>
    public static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, DateTime utcNow, TimeSpan skew) =>
        expires is { } end
        && utcNow <= end.ToUniversalTime() + skew
        && (notBefore is not { } start || utcNow + skew >= start.ToUniversalTime());
}
