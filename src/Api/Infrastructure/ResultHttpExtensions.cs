using Microsoft.AspNetCore.Mvc;
using WhatsSuite.Application.Common.Csv;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>The one place where a <see cref="Result{T}"/> becomes an HTTP answer.</summary>
internal static class ResultHttpExtensions
{
    public static IResult ToOk<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem();

    public static IResult ToCreated<T>(this Result<T> result, Func<T, string> location) =>
        result.IsSuccess ? TypedResults.Created(location(result.Value), result.Value) : result.Error.ToProblem();

    /// <summary>202: the work was accepted and happens in the background.</summary>
    public static IResult ToAccepted<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.Json(result.Value, statusCode: StatusCodes.Status202Accepted) : result.Error.ToProblem();

    /// <summary>202: the work was accepted and finishes in the background (the value shows its state now).</summary>
    public static IResult ToAccepted<T>(this Result<T> result, Func<T, string> location) =>
        result.IsSuccess ? TypedResults.Accepted(location(result.Value), result.Value) : result.Error.ToProblem();

    public static IResult ToNoContent<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();

    public static IResult ToCsvFile(this Result<CsvFile> result) =>
        result.IsSuccess ? TypedResults.File(result.Value.Content, "text/csv; charset=utf-8", result.Value.FileName) : result.Error.ToProblem();

    public static IResult ToProblem(this Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = StatusOf(error.Type);
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        foreach (var (key, value) in error.Details ?? new Dictionary<string, string>())
        {
            extensions.TryAdd(key, value);
        }
        if (error.FieldErrors is { } fieldErrors)
        {
            return TypedResults.ValidationProblem(
                fieldErrors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
                detail: error.Message,
                title: "One or more fields are invalid.",
                extensions: extensions);
        }

        var problem = TypedResults.Problem(
            detail: error.Message,
            statusCode: status,
            extensions: extensions);
        if (error.RetryAfter is { } retryAfter)
        {
            return new WithRetryAfter(problem, retryAfter);
        }

        return status == StatusCodes.Status401Unauthorized ? new WithBearerChallenge(problem) : problem;
    }

    /// <summary>A problem answer with an explicit status (for answers outside the error-type mapping, and 401s that are not about bearer tokens).</summary>
    public static IResult ToProblem(this Error error, int status)
    {
        ArgumentNullException.ThrowIfNull(error);
        return TypedResults.Problem(detail: error.Message, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = error.Code });
    }

    public static int StatusOf(ErrorType type) => type switch
    {
        ErrorType.Validation => StatusCodes.Status400BadRequest,
        ErrorType.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorType.Forbidden => StatusCodes.Status403Forbidden,
        ErrorType.NotFound => StatusCodes.Status404NotFound,
        ErrorType.Conflict => StatusCodes.Status409Conflict,
        ErrorType.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ErrorType.Locked => StatusCodes.Status423Locked,
        ErrorType.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Tells the client when to try again (whole seconds, at least one).</summary>
    private sealed class WithRetryAfter(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>A 401 tells the client which scheme to use (RFC 6750).</summary>
    private sealed class WithBearerChallenge(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>Response documentation type for problem answers.</summary>
internal sealed class ApiProblem : ProblemDetails;
