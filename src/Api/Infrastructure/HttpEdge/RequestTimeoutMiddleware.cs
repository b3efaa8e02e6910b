using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.Infrastructure.HttpEdge;

/// <summary>
/// Cancels <see cref="HttpContext.RequestAborted"/> after <c>REQUEST_TIMEOUT_MS</c> (a file upload after
/// <see cref="EdgeProblems.UploadTimeout"/>); when the request then
/// ends in cancellation before anything was sent, the answer is a 503 problem with code <c>request_timeout</c>.
/// </summary>
internal sealed class RequestTimeoutMiddleware(RequestDelegate next, WhatsSuiteSettings settings)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (EdgeProblems.IsRealtime(context))
        {
            await next(context);
            return;
        }

        var clientAborted = context.RequestAborted;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        timeout.CancelAfter(EdgeProblems.IsMediaUpload(context) || EdgeProblems.IsAudienceUpload(context) ? EdgeProblems.UploadTimeout : settings.HttpEdge.RequestTimeout);
        context.RequestAborted = timeout.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !clientAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            var requestId = context.Response.Headers[RequestContextMiddleware.RequestIdHeader];
            context.Response.Clear();
            context.Response.Headers[RequestContextMiddleware.RequestIdHeader] = requestId;
            context.RequestAborted = clientAborted;
            await EdgeProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, EdgeProblems.RequestTimeout, "The request took too long and was stopped.", retryAfterSeconds: 1);
        }
        finally
        {
            context.RequestAborted = clientAborted;
        }
    }
}
