using Hangfire;
using Hangfire.Dashboard;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Identity;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c>, for ADMINs only. A browser signs in at
/// <c>/hangfire-login</c> with an ADMIN's e-mail and password; the access token is then kept in an
/// HttpOnly, SameSite=Strict cookie scoped to the dashboard and checked like any bearer token (signature,
/// expiry and session), so a logout or force-logout also closes the dashboard.
/// </summary>
internal static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";
    public const string LoginPath = "/hangfire-login";

    public static WebApplication UseAdminHangfireDashboard(this WebApplication app)
    {
        // A browser without a session is sent to the sign-in form instead of a bare 401.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(DashboardPath, StringComparison.OrdinalIgnoreCase)
                && context.User.Identity?.IsAuthenticated != true
                && HttpMethods.IsGet(context.Request.Method)
                && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Redirect(LoginPath);
                return;
            }

            await next(context);
        });

        app.UseHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new AdminOnlyDashboardFilter()],
            DashboardTitle = "WhatsSuite jobs",
            DisplayStorageConnectionString = false,
            AppPath = "/swagger",
        });
        return app;
    }

    /// <summary>Only an authenticated ADMIN whose password needs no change may see or act on the dashboard.</summary>
    private sealed class AdminOnlyDashboardFilter : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            var allowed = user.Identity?.IsAuthenticated == true
                && user.HasClaim(AccessTokenClaims.Role, nameof(Role.ADMIN))
                && !user.HasClaim(c => c.Type == AccessTokenClaims.PasswordChangeRequired)
                && !user.HasClaim(AccessTokenClaims.Mfa, AccessTokenClaims.MfaEnrollmentRequired);
            return Task.FromResult(allowed);
        }
    }
}
