using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WhatsSuite.Application.ApiKeys;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>
/// <c>Authorization: ApiKey &lt;key&gt;</c>: the key is checked (hash, expiry, revocation) and the request
/// runs as that key, with its scopes as claims. The key's expiry is the ticket's, so a desk hub connection opened with
/// it closes when it expires (<c>CloseOnAuthenticationExpiration</c>).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyAuthenticator authenticator) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "api_key_id";
    public const string ScopeClaim = "scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(SchemeName + " ", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await authenticator.AuthenticateAsync(header[(SchemeName.Length + 1)..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown, expired or revoked API key.");
        }

        var claims = new List<Claim> { new(KeyIdClaim, key.Id.ToString()), new("name", key.Name) };
        claims.AddRange(key.Scopes.Select(s => new Claim(ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, "name", null));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = key.ExpiresAt }, SchemeName));
    }
}
