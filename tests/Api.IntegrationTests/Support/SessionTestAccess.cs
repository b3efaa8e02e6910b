using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>Forges access tokens and reaches into the session store, for tests that isolate one token check.</summary>
public static class SessionTestAccess
{
    /// <summary>Signs <paramref name="claims"/> as a token of the suite (real key unless <paramref name="secret"/> is given).</summary>
    public static string Sign(IEnumerable<Claim> claims, string issuer, string audience, DateTime notBefore, DateTime expires, string secret = TestEnvironment.JwtSecret)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
        var token = new JwtSecurityToken(
            issuer,
            audience,
            claims.Where(c => c.Type is not ("iss" or "aud" or "exp" or "nbf" or "iat")),
            notBefore,
            expires,
            new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>The claims of an issued token, with <paramref name="type"/> replaced by <paramref name="value"/>.</summary>
    public static List<Claim> ClaimsWith(string token, params (string Type, string Value)[] replacements)
    {
        var claims = new JwtSecurityTokenHandler().ReadJwtToken(token).Claims.ToList();
        foreach (var (type, value) in replacements)
        {
            claims.RemoveAll(c => c.Type == type);
            claims.Add(new Claim(type, value));
        }

        return claims;
    }

    public static string Jti(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token).Id;

    /// <summary>
    /// Binds the live session <paramref name="jti"/> to <paramref name="token"/>, as if that token had been
    /// issued for it, so that a test can show which other check refuses a forged token.
    /// </summary>
    public static async Task BindSessionAsync(this WhatsSuiteApp app, string jti, string token)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hash = SessionBinding.Hash(token);
        if (await db.UserSessions.Where(s => s.Jti == jti).ExecuteUpdateAsync(set => set.SetProperty(s => s.TokenHash, hash)) == 1)
        {
            return;
        }

        var store = scope.ServiceProvider.GetRequiredService<ISessionStore>();
        var session = await store.FindActiveAsync(jti, CancellationToken.None) ?? throw new InvalidOperationException($"No live session {jti}.");
        await store.RevokeAsync(jti, CancellationToken.None);
        await store.CreateAsync(session with { TokenHash = hash }, CancellationToken.None);
    }

    /// <summary>How many sessions of the user are active in the instance's session store.</summary>
    public static async Task<int> ActiveSessionsAsync(this WhatsSuiteApp app, Guid userId)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ISessionStore>().ListActiveForUserAsync(userId, CancellationToken.None)).Count;
    }
}
