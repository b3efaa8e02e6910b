using System.Net;
using Mediator;
using Microsoft.AspNetCore.Antiforgery;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Api.Infrastructure.HttpEdge;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Auth.Login;
using WhatsSuite.Application.Auth.LoginWithMfa;

namespace WhatsSuite.Api.Endpoints;

/// <summary>
/// The sign-in form of the Hangfire dashboard. It sends the same <see cref="LoginCommand"/> (and, for
/// accounts with MFA, <see cref="LoginWithMfaCommand"/>) as the API, so the same audit, auth events,
/// lockout and MFA rules apply, and keeps the token in a cookie that only <c>/hangfire</c> receives. Both forms
/// carry an ASP.NET Core anti-forgery token: a POST without the token and its cookie (a cross-site form) is refused
/// with 400 before any sign-in is attempted.
/// </summary>
internal sealed class DashboardLoginEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(HangfireSetup.LoginPath, (HttpContext context, IAntiforgery antiforgery) => Page(context, antiforgery, null, StatusCodes.Status200OK))
            .AllowAnonymous()
            .ExcludeFromDescription();

        // The handlers read the form themselves and check its anti-forgery token first (see Forged).
        app.MapPost(HangfireSetup.LoginPath, SignIn)
            .AllowAnonymous()
            .WithSignInBudget()
            .ExcludeFromDescription();

        app.MapPost(MfaPath, SignInWithCode)
            .AllowAnonymous()
            .WithSignInBudget()
            .ExcludeFromDescription();
    }

    private const string MfaPath = HangfireSetup.LoginPath + "/mfa";

    private const string ForgedMessage = "The form expired or did not come from this page. Sign in again.";

    private static async Task<IResult> SignIn(HttpContext context, IMediator mediator, IAntiforgery antiforgery, TimeProvider clock, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page(context, antiforgery, "Send the form.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (await Forged(context, antiforgery))
        {
            return Page(context, antiforgery, ForgedMessage, StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(ct);
        var result = await mediator.Send(new LoginCommand(form["email"].ToString(), form["password"].ToString()), ct);
        if (!result.IsSuccess)
        {
            return result.Error.Type switch
            {
                Application.Common.Results.ErrorType.Locked => Page(context, antiforgery, "Too many failed sign-ins: this account is locked for a while.", StatusCodes.Status423Locked),
                Application.Common.Results.ErrorType.TooManyRequests => Page(context, antiforgery, "Too many sign-in attempts: wait a minute and try again.", StatusCodes.Status429TooManyRequests),
                _ => Page(context, antiforgery, "E-mail or password is incorrect.", StatusCodes.Status401Unauthorized),
            };
        }

        if (result.Value is { MfaRequired: true, ChallengeToken: { } challenge })
        {
            return CodePage(context, antiforgery, challenge, null, StatusCodes.Status200OK);
        }

        return OpenDashboard(context, antiforgery, result.Value, clock);
    }

    /// <summary>Second step for accounts with MFA: the challenge from the first step and a TOTP or recovery code.</summary>
    private static async Task<IResult> SignInWithCode(HttpContext context, IMediator mediator, IAntiforgery antiforgery, TimeProvider clock, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page(context, antiforgery, "Send the form.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (await Forged(context, antiforgery))
        {
            return Page(context, antiforgery, ForgedMessage, StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(ct);
        var code = form["code"].ToString().Trim();
        var isRecoveryCode = code.Length > 6;
        var result = await mediator.Send(new LoginWithMfaCommand(form["challengeToken"].ToString(), isRecoveryCode ? null : code, isRecoveryCode ? code : null), ct);
        return result.IsSuccess
            ? OpenDashboard(context, antiforgery, result.Value, clock)
            : Page(context, antiforgery, "The code was not accepted. Sign in again.", StatusCodes.Status401Unauthorized);
    }

    /// <summary>True when the form lacks a valid anti-forgery token and cookie pair.</summary>
    private static async Task<bool> Forged(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            return !await antiforgery.IsRequestValidAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return true;
        }
    }

    private static IResult OpenDashboard(HttpContext context, IAntiforgery antiforgery, AccessTokenDto token, TimeProvider clock)
    {
        if (token.MustChangePassword == true || token.AccessToken is null)
        {
            return Page(context, antiforgery, "Change your password first (POST /api/v1/auth/change-password), then sign in again.", StatusCodes.Status403Forbidden);
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

    /// <summary>The hidden field with this request's anti-forgery token (its cookie is set alongside).</summary>
    private static string AntiforgeryField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">";
    }

    private static IResult CodePage(HttpContext context, IAntiforgery antiforgery, string challengeToken, string? message, int status)
    {
        var notice = message is null ? string.Empty : $"<p class=\"error\">{WebUtility.HtmlEncode(message)}</p>";
        var antiforgeryField = AntiforgeryField(context, antiforgery);
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>WhatsSuite jobs: code</title>
            <style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00020}</style>
            </head><body>
            <h1>WhatsSuite jobs</h1>
            <p>Enter the code from your authenticator app, or one of your recovery codes.</p>
            {{notice}}
            <form method="post" action="{{MfaPath}}">
            {{antiforgeryField}}
            <input type="hidden" name="challengeToken" value="{{WebUtility.HtmlEncode(challengeToken)}}">
            <label>Code <input name="code" autocomplete="one-time-code" inputmode="numeric" required></label>
            <button type="submit">Sign in</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? message, int status)
    {
        var notice = message is null ? string.Empty : $"<p class=\"error\">{WebUtility.HtmlEncode(message)}</p>";
        var antiforgeryField = AntiforgeryField(context, antiforgery);
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>WhatsSuite jobs: sign in</title>
            <style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00020}</style>
            </head><body>
            <h1>WhatsSuite jobs</h1>
            <p>Sign in with an ADMIN account.</p>
            {{notice}}
            <form method="post" action="{{HangfireSetup.LoginPath}}">
            {{antiforgeryField}}
            <label>E-mail <input name="email" type="email" autocomplete="username" required></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
