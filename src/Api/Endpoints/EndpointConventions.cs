using WhatsSuite.Api.Infrastructure;

namespace WhatsSuite.Api.Endpoints;

internal static class EndpointConventions
{
    /// <summary>Documents the problem answers an operation can give (every operation can give 400 and 500).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ProducesValidationProblem(StatusCodes.Status400BadRequest);
        foreach (var status in statuses.Append(StatusCodes.Status500InternalServerError).Distinct())
        {
            builder.Produces<ApiProblem>(status, "application/problem+json");
        }

        return builder;
    }

    /// <summary>The answers of an operation that needs a signed-in caller.</summary>
    public static RouteHandlerBuilder ProducesAuthProblems(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.ProducesProblems([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, .. statuses]);
}

/// <summary>An endpoint group: one file per feature.</summary>
internal interface IEndpointGroup
{
    static abstract void Map(IEndpointRouteBuilder app);
}
