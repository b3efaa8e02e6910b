namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>Queues the out-of-hours reply of a conversation in the background (<c>SendOutOfHoursReplyCommand</c> as the system).</summary>
public interface IOutOfHoursReplies
{
    void Enqueue(Guid conversationId);
}
