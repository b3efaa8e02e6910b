using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// Outermost behavior: one log line per message with its type, actor, correlation id, elapsed time and
/// outcome. Never the message body: it may hold passwords, tokens or customer text.
/// </summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger, ActorContext actorContext)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var outcome = response is IResultState { IsSuccess: false, Error: { } error } ? error.Code : "success";
            LogHandled(logger, typeof(TMessage).Name, actor.Id, actor.RequestId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, outcome);
            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, typeof(TMessage).Name, actor.Id, actor.RequestId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(EventId = LogEvents.MessageHandled, Level = LogLevel.Information,
        Message = "Handled {MessageType} for {ActorId} (request {RequestId}) in {ElapsedMs:0.0} ms: {Outcome}")]
    private static partial void LogHandled(ILogger logger, string messageType, string actorId, string? requestId, double elapsedMs, string outcome);

    [LoggerMessage(EventId = LogEvents.MessageFailed, Level = LogLevel.Error,
        Message = "Failed {MessageType} for {ActorId} (request {RequestId}) after {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageType, string actorId, string? requestId, double elapsedMs);
}
