namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// A customer waiting for an answer: it starts with the first inbound message after the previous agent reply (or the
/// first ever) and ends with the next outbound message sent by a user (an agent, supervisor or admin; automatic and
/// system messages do not answer). First-response time is <see cref="RespondedAt"/> − <see cref="StartedAt"/>.
/// Recomputed from the conversation's messages, counted under its current queue.
/// </summary>
public sealed class ResponseEpisode
{
    private ResponseEpisode()
    {
    }

    public Guid ConversationId { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The conversation's queue; <see cref="Guid.Empty"/> for none.</summary>
    public Guid QueueId { get; private set; }

    public DateTimeOffset? RespondedAt { get; private set; }

    /// <summary>Who answered; null while unanswered.</summary>
    public Guid? ResponderId { get; private set; }

    /// <summary>Whole seconds to the answer; null while unanswered.</summary>
    public int? Seconds { get; private set; }

    public static ResponseEpisode Create(Guid conversationId, DateTimeOffset startedAt, Guid queueId, DateTimeOffset? respondedAt, Guid? responderId)
    {
        var episode = new ResponseEpisode { ConversationId = conversationId, StartedAt = startedAt };
        episode.Update(queueId, respondedAt, responderId);
        return episode;
    }

    public void Update(Guid queueId, DateTimeOffset? respondedAt, Guid? responderId)
    {
        QueueId = queueId;
        RespondedAt = respondedAt;
        ResponderId = respondedAt is null ? null : responderId;
        Seconds = respondedAt is { } at ? (int)Math.Max(0, Math.Floor((at - StartedAt).TotalSeconds)) : null;
    }

    public bool SameAs(ResponseEpisode other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return QueueId == other.QueueId && RespondedAt == other.RespondedAt && ResponderId == other.ResponderId;
    }
}
