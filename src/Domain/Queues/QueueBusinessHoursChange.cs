namespace WhatsSuite.Domain.Queues;

/// <summary>
/// One change of a queue's business hours, with the hours before and after it (null: none). The audit row of the
/// change names this row, whose values are too long for the audit row itself. Never updated.
/// </summary>
public sealed class QueueBusinessHoursChange
{
    public const int MaxActorIdLength = 128;

    private QueueBusinessHoursChange()
    {
        ActorId = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid QueueId { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    /// <summary>Who changed them: a user id, or <c>job:&lt;name&gt;</c> for the system.</summary>
    public string ActorId { get; private set; }

    public BusinessHours? OldHours { get; private set; }

    public BusinessHours? NewHours { get; private set; }

    internal static QueueBusinessHoursChange Record(Guid queueId, BusinessHours? oldHours, BusinessHours? newHours, string actorId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actorId);
        return new QueueBusinessHoursChange
        {
            Id = Guid.CreateVersion7(now),
            QueueId = queueId,
            ChangedAt = now,
            ActorId = actorId.Length <= MaxActorIdLength ? actorId : actorId[..MaxActorIdLength],
            OldHours = oldHours,
            NewHours = newHours,
        };
    }
}
