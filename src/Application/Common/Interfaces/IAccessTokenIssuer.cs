using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>Signs access tokens. Each token has a fresh <c>jti</c> that becomes a session.</summary>
public interface IAccessTokenIssuer
{
    IssuedAccessToken Issue(User user);
}

public sealed record IssuedAccessToken(string Token, string Jti, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
