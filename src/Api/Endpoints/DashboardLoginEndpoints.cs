using System.Net;
using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Api.Infrastructure.HttpEdge;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Auth.Login;
using WhatsSuite.Application.Auth.LoginWithMfa;

namespace WhatsSuite.Api.Endpoints;

/// <summary>
/// The sign-in form of the Hangfire dashboard. It sends the same <see cref="LoginCommand"/> (and, for
/// accounts with MFA, <see cref="LoginWithMfaCommand"/>) as the API, so the same audit, auth events,
/// lockout and MFA rules apply, and keeps the token in a cookie that only <c>/hangfire</c> receives.
/// </summary>
internal sealed class DashboardLoginEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(HangfireSetup.LoginPath, () => Page(null, StatusCodes.Status200OK))
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost(HangfireSetup.LoginPath, SignIn)
            .AllowAnonymous()
            .WithSignInBudget()
            .DisableAntiforgery()
            .ExcludeFromDescription();

        app.MapPost(MfaPath, SignInWithCode)
            .AllowAnonymous()
            .WithSignInBudget()
            .DisableAntiforgery()
            .ExcludeFromDescription();
    }

    private const string MfaPath = HangfireSetup.LoginPath + "/mfa";

    private static async Task<IResult> SignIn(HttpContext context, IMediator mediator, TimeProvider clock, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page("Send the form.", StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await context.Request.ReadFormAsync(ct);
        var result = await mediator.Send(new LoginCommand(form["email"].ToString(), form["password"].ToString()), ct);
        if (!result.IsSuccess)
        {
            return result.Error.Type switch
            {
                Application.Common.Results.ErrorType.Locked => Page("Too many failed sign-ins: this account is locked for a while.", StatusCodes.Status423Locked),
                Application.Common.Results.ErrorType.TooManyRequests => Page("Too many sign-in attempts: wait a minute and try again.", StatusCodes.Status429TooManyRequests),
                _ => Page("E-mail or password is incorrect.", StatusCodes.Status401Unauthorized),
            };
        }

        if (result.Value is { MfaRequired: true, ChallengeToken: { } challenge })
        {
            return CodePage(challenge, null, StatusCodes.Status200OK);
        }

        return OpenDashboard(context, result.Value, clock);
    }

    /// <summary>Second step for accounts with MFA: the challenge from the first step and a TOTP or recovery code.</summary>
    private static async Task<IResult> SignInWithCode(HttpContext context, IMediator mediator, TimeProvider clock, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page("Send the form.", StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await context.Request.ReadFormAsync(ct);
        var code = form["code"].ToString().Trim();
        var isRecoveryCode = code.Length > 6;
        var result = await mediator.Send(new LoginWithMfaCommand(form["challengeToken"].ToString(), isRecoveryCode ? null : code, isRecoveryCode ? code : null), ct);
        return result.IsSuccess
            ? OpenDashboard(context, result.Value, clock)
            : Page("The code was not accepted. Sign in again.", StatusCodes.Status401Unauthorized);
    }

    private static IResult OpenDashboard(HttpContext context, AccessTokenDto token, TimeProvider clock)
    {
        if (token.MustChangePassword == true || token.AccessToken is null)
        {
            return Page("Change your password first (POST /api/v1/auth/change-password), then sign in again.", StatusCodes.Status403Forbidden);
        }

        context.Response.Cookies.Append(AuthenticationSetup.DashboardCookie, token.AccessToken, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = HangfireSetup.DashboardPath,
            Expires = clock.GetUtcNow().AddSeconds(token.ExpiresIn),
        });
        return Results.Redirect(HangfireSetup.DashboardPath);
    }

    private static IResult CodePage(string challengeToken, string? message, int status)
    {
        var notice = message is null ? string.Empty : $"<p class=\"error\">{WebUtility.HtmlEncode(message)}</p>";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>WhatsSuite jobs: code</title>
            <style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00020}</style>
            </head><body>
            <h1>WhatsSuite jobs</h1>
            <p>Enter the code from your authenticator app, or one of your recovery codes.</p>
            {{notice}}
            <form method="post" action="{{MfaPath}}">
            <input type="hidden" name="challengeToken" value="{{WebUtility.HtmlEncode(challengeToken)}}">
            <label>Code <input name="code" autocomplete="one-time-code" inputmode="numeric" required></label>
            <button type="submit">Sign in</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static IResult Page(string? message, int status)
    {
        var notice = message is null ? string.Empty : $"<p class=\"error\">{WebUtility.HtmlEncode(message)}</p>";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>WhatsSuite jobs: sign in</title>
            <style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00020}</style>
            </head><body>
            <h1>WhatsSuite jobs</h1>
            <p>Sign in with an ADMIN account.</p>
            {{notice}}
            <form method="post" action="{{HangfireSetup.LoginPath}}">
            <label>E-mail <input name="email" type="email" autocomplete="username" required></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
