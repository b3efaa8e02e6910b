using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Conversations.SendOutOfHoursReply;

/// <summary>
/// Sends the queue's out-of-hours reply in a conversation whose customer wrote while the queue was closed (background
/// work, <c>job:business-hours</c>): a text, or the queue's approved template, through the outbox, inside the
/// customer-service window, at most once per closed period. The audit row's reason says what happened: <c>sent</c>,
/// <c>already_sent</c>, <c>open</c> (the customer wrote in opening hours, or the queue has no reply),
/// <c>outside_window</c>, <c>closed_conversation</c>, <c>connection_unavailable</c>, <c>marketing_opted_out</c> (a
/// MARKETING template to a customer who stopped marketing messages) or <c>template_unusable</c> (the template is no
/// longer known or APPROVED on the connection, or the customer's name does not fit it; the refusal's code follows).
/// </summary>
[SystemOnly]
public sealed record SendOutOfHoursReplyCommand(Guid ConversationId) : ICommand<Result<OutOfHoursReplyDto>>, IAuditTarget
{
    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => ConversationId.ToString();
}

/// <summary>What the command did (<see cref="SendOutOfHoursReplyCommand"/>'s reasons) and the message it queued, if any.</summary>
public sealed record OutOfHoursReplyDto(string Outcome, Guid? MessageId);
