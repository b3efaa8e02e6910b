using Microsoft.Net.Http.Headers;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Api.Endpoints;

/// <summary>
/// Streams a conversation export (<see cref="ConversationExportWriter"/>) as an attachment while it is read from the
/// database. Media links start with the origin the caller reached the API at. The response carries the API's content
/// security policy (<c>default-src 'none'</c>), and the HTML transcript declares its own as well.
/// </summary>
internal sealed partial class ConversationExportResult(ConversationExport export) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var request = httpContext.Request;
        var logger = httpContext.RequestServices.GetRequiredService<ILogger<ConversationExportResult>>();
        response.ContentType = ConversationExportWriter.ContentType(export);
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = export.FileName, FileName = export.FileName }.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        try
        {
            var (conversations, messages) = await ConversationExportWriter.WriteAsync(export, response.Body, origin, httpContext.RequestAborted);
            Written(logger, export.Format, conversations, messages);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            Interrupted(logger, export.Format);
        }
    }

    [LoggerMessage(EventId = LogEvents.ConversationExportWritten, Level = LogLevel.Information, Message = "Conversation export written as {Format}: {Conversations} conversations, {Messages} messages")]
    private static partial void Written(ILogger logger, ConversationExportFormat format, int conversations, int messages);

    [LoggerMessage(EventId = LogEvents.ConversationExportInterrupted, Level = LogLevel.Warning, Message = "Conversation export as {Format} interrupted: the client went away")]
    private static partial void Interrupted(ILogger logger, ConversationExportFormat format);
}
