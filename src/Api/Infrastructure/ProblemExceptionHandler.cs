using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Logging;

namespace WhatsSuite.Api.Infrastructure;

/// <summary>
/// Turns exceptions into problem details. Request-shape failures (malformed JSON, wrong content type,
/// body too large) keep their 4xx status; anything else is a 500 without internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string detail;
        string? jsonPath = null;
        string? jsonProblem = null;
        if (exception is BadHttpRequestException badRequest)
        {
            if (badRequest.InnerException is System.Text.Json.JsonException json)
            {
                jsonPath = json.Path;
                jsonProblem = DescribeJsonProblem(json);
            }

            status = badRequest.StatusCode;
            detail = status switch
            {
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                _ => "The request could not be read: check that the body is well-formed JSON of the documented shape and that parameters have the right types.",
            };
        }
        else if (exception is ServiceOverloadedException)
        {
            // No capacity left on this instance for the work (password verifications): like the HTTP backpressure.
            status = StatusCodes.Status503ServiceUnavailable;
            detail = "The service is busy; retry shortly.";
            httpContext.Response.Headers.RetryAfter = "1";
        }
        else if (IsDependencyOutage(exception))
        {
            // Redis or the database did not answer in time: the request may succeed on retry.
            status = StatusCodes.Status503ServiceUnavailable;
            detail = "A service WhatsSuite depends on did not answer in time. Try again shortly.";
            httpContext.Response.Headers.RetryAfter = "1";
            LogDependencyOutage(logger, exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/");
        }
        else if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads the answer.
            return true;
        }
        else
        {
            status = StatusCodes.Status500InternalServerError;
            detail = "An unexpected error occurred. Quote the trace id when reporting it.";
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/");
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Detail = detail };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            problem.Extensions["code"] = exception is ServiceOverloadedException ? HttpEdge.EdgeProblems.Overloaded : "dependency_unavailable";
        }

        if (jsonPath is not null)
        {
            // Names the offending JSON member, for example "$.role" for an unknown enum value.
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [jsonPath] = [jsonProblem ?? "The value is missing, of the wrong type or not allowed."] };
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>
    /// What is wrong with the JSON member at the exception's path, for the refusals of the strict reading set up in
    /// <c>AddApi</c>. System.Text.Json reports these kinds only through its messages; an unrecognised one keeps the
    /// general wording, still naming the member.
    /// </summary>
    private static string? DescribeJsonProblem(System.Text.Json.JsonException exception)
    {
        var message = exception.Message;
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return "The property appears more than once (property names are compared case-insensitively).";
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "Unknown property: the operation does not define it.";
        }

        var inner = (exception.InnerException as InvalidOperationException)?.Message ?? string.Empty;
        if (inner.Contains("UTF-16", StringComparison.Ordinal))
        {
            return "The text is not valid Unicode: it contains an unpaired surrogate (half of an emoji or of another character).";
        }

        return inner.Contains("as a number", StringComparison.Ordinal) ? "The value must be a JSON number, not a string." : null;
    }

    private static bool IsDependencyOutage(Exception exception) =>
        exception is TimeoutException or StackExchange.Redis.RedisConnectionException or DependencyUnavailableException
        || exception is Npgsql.NpgsqlException { IsTransient: true }
        || exception.InnerException is { } inner && IsDependencyOutage(inner);

    [LoggerMessage(EventId = LogEvents.DependencyOutage, Level = LogLevel.Warning, Message = "A dependency did not answer on {Method} {Path}")]
    private static partial void LogDependencyOutage(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = LogEvents.UnhandledException, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
