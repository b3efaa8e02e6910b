using Hangfire;
using Mediator;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Conversations.SendOutOfHoursReply;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Sends the out-of-hours reply of one conversation (a Hangfire job, queued by inbound processing once the customer's
/// message is committed): one <see cref="SendOutOfHoursReplyCommand"/> as the system actor <c>job:business-hours</c>,
/// audited. Idempotent: the command sends at most one reply per closed period.
/// </summary>
public sealed partial class OutOfHoursReplyJob(ActorContext actorContext, IMediator mediator, ILogger<OutOfHoursReplyJob> logger)
{
    /// <summary>The job's system actor: <c>job:business-hours</c>.</summary>
    public const string Name = "business-hours";

    public const string DisplayName = "Send the out-of-hours reply in conversation {0}";

    [JobDisplayName(DisplayName)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        actorContext.Set(Actor.System(Name));
        var result = await mediator.Send(new SendOutOfHoursReplyCommand(conversationId), cancellationToken);
        if (result.IsSuccess && result.Value.MessageId is { } messageId)
        {
            LogSent(logger, conversationId, messageId);
        }
    }

    [LoggerMessage(EventId = LogEvents.OutOfHoursReplySent, Level = LogLevel.Information, Message = "Out-of-hours reply {MessageId} queued in conversation {ConversationId}")]
    private static partial void LogSent(ILogger logger, Guid conversationId, Guid messageId);
}

/// <summary>Enqueues <see cref="OutOfHoursReplyJob"/> in Hangfire.</summary>
public sealed class HangfireOutOfHoursReplies(IBackgroundJobClient jobs) : IOutOfHoursReplies
{
    public void Enqueue(Guid conversationId) => jobs.Enqueue<OutOfHoursReplyJob>(job => job.RunAsync(conversationId, CancellationToken.None));
}
