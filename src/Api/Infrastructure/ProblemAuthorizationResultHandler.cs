using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>
/// Answers the fallback policy's refusals with the project's problem answers instead of ASP.NET Core's empty
/// challenge: no authenticated caller is <c>401 auth.unauthenticated</c> (with <c>WWW-Authenticate: Bearer</c>),
/// exactly what the mediator's access rules answer. The policy guards the application's route endpoints. A request
/// that matched none runs no application code and goes on unchanged: to the 404 answer, to Swagger and the Hangfire
/// dashboard (middleware with their own gates, see <see cref="OpenApiSetup"/> and <see cref="HangfireSetup"/>), or to
/// the endpoint routing creates to refuse a method (405) or a content type (415) a route does not accept. So an
/// anonymous caller still gets 404, 405 and 415 where it did before.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Succeeded || context.GetEndpoint() is not RouteEndpoint)
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
