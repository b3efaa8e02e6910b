using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>
/// Answers the fallback policy's refusals with the project's problem answers instead of ASP.NET Core's empty
/// challenge: no authenticated caller is <c>401 auth.unauthenticated</c> (with <c>WWW-Authenticate: Bearer</c>),
/// exactly what the mediator's access rules answer. A request that matched no endpoint runs no application code:
/// it goes on to the 404 answer (or to Swagger and the Hangfire dashboard, which are middleware with their own
/// gates, see <see cref="OpenApiSetup"/> and <see cref="HangfireSetup"/>), so unknown paths still answer 404.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Succeeded || context.GetEndpoint() is null)
        {
            return next(context);
        }

        if (authorizeResult.Challenged)
        {
            return Errors.Unauthenticated.ToProblem().ExecuteAsync(context);
        }

        return authorizeResult.Forbidden
            ? Errors.Forbidden.ToProblem().ExecuteAsync(context)
            : _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
