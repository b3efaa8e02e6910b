namespace WhatsSuite.Domain.Queues;

/// <summary>
/// A queue ("cola"): a team that answers a stream of conversations. Membership drives who sees and takes
/// its conversations. Deleting a queue keeps the row (conversations keep their reference).
/// </summary>
public sealed class Queue
{
    public const int MaxNameLength = 80;
    public const int MaxDescriptionLength = 500;
    public const int MaxAgentCapacity = 1000;

    private readonly List<QueueMember> _members = [];

    private Queue()
    {
        Name = string.Empty;
        NormalizedName = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>Trimmed, lower-case name; unique among queues that are not deleted.</summary>
    public string NormalizedName { get; private set; }

    public string? Description { get; private set; }

    public AssignmentStrategy Strategy { get; private set; }

    /// <summary>Open conversations an agent of this queue may hold before auto-assignment skips them.</summary>
    public int AgentCapacity { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>The member who received this queue's latest automatic assignment: round-robin continues after them.</summary>
    public Guid? LastAutoAssignedUserId { get; private set; }

    /// <summary>
    /// The service level: a customer's wait for a first response longer than this is an SLA breach on the dashboards.
    /// </summary>
    public int FirstResponseTargetSeconds { get; private set; } = DefaultFirstResponseTargetSeconds;

    public IReadOnlyCollection<QueueMember> Members => _members;

    /// <summary>This queue's minutes of silence before the assignee is warned (0: never); null follows the system default.</summary>
    public int? InactivityWarnMinutes { get; private set; }

    /// <summary>This queue's minutes of silence before an automatic close (0: never); null follows the system default.</summary>
    public int? InactivityCloseMinutes { get; private set; }

    /// <summary>Sets (or, with nulls, clears) this queue's own inactivity rule; each null minute follows the system default.</summary>
    public void SetInactivity(int? warnMinutes, int? closeMinutes, DateTimeOffset now)
    {
        Settings.InactivityRule.Check(warnMinutes ?? 0, closeMinutes ?? 0);
        InactivityWarnMinutes = warnMinutes;
        InactivityCloseMinutes = closeMinutes;
        UpdatedAt = now;
    }

    /// <summary>The queue's opening hours; null when it has none, and is then always open.</summary>
    public BusinessHours? BusinessHours { get; private set; }

    /// <summary>Whether the queue is open at <paramref name="instant"/>: always, without business hours.</summary>
    public bool IsOpenAt(DateTimeOffset instant) => BusinessHours?.IsOpenAt(instant) ?? true;

    /// <summary>Replaces (or, with null, removes) the opening hours; returns the change to keep, old and new.</summary>
    public QueueBusinessHoursChange SetBusinessHours(BusinessHours? hours, string actorId, DateTimeOffset now)
    {
        var change = QueueBusinessHoursChange.Record(Id, BusinessHours, hours, actorId, now);
        BusinessHours = hours;
        UpdatedAt = now;
        return change;
    }

    /// <summary>The first-response target of a new queue, and of conversations without a queue: 5 minutes.</summary>
    public const int DefaultFirstResponseTargetSeconds = 300;

    /// <summary>The longest first-response target: 7 days.</summary>
    public const int MaxFirstResponseTargetSeconds = 7 * 24 * 3600;

    /// <summary>Sets the first-response target (1 second to 7 days).</summary>
    public void SetFirstResponseTarget(int seconds, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, MaxFirstResponseTargetSeconds);
        FirstResponseTargetSeconds = seconds;
        UpdatedAt = now;
    }

    public static Queue Create(string name, string? description, AssignmentStrategy strategy, int agentCapacity, DateTimeOffset now)
    {
        var queue = new Queue { Id = Guid.CreateVersion7(now), CreatedAt = now };
        queue.Update(name, description, strategy, agentCapacity, now);
        return queue;
    }

    public static string NormalizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant();
    }

    public void Update(string name, string? description, AssignmentStrategy strategy, int agentCapacity, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown strategy.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(agentCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(agentCapacity, MaxAgentCapacity);
        Name = name.Trim();
        NormalizedName = NormalizeName(name);
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Strategy = strategy;
        AgentCapacity = agentCapacity;
        UpdatedAt = now;
    }

    /// <summary>Adds a member; returns false when the user already belongs to the queue.</summary>
    public bool AddMember(Guid userId, DateTimeOffset now)
    {
        if (_members.Any(m => m.UserId == userId))
        {
            return false;
        }

        _members.Add(new QueueMember(Id, userId, now));
        UpdatedAt = now;
        return true;
    }

    /// <summary>Removes a member; returns false when the user did not belong to the queue.</summary>
    public bool RemoveMember(Guid userId, DateTimeOffset now)
    {
        var removed = _members.RemoveAll(m => m.UserId == userId) > 0;
        if (removed)
        {
            UpdatedAt = now;
        }

        return removed;
    }

    /// <summary>Remembers who received the latest automatic assignment (the round-robin position).</summary>
    public void RecordAutoAssignment(Guid userId) => LastAutoAssignedUserId = userId;

    public void Delete(DateTimeOffset now)
    {
        DeletedAt ??= now;
        UpdatedAt = now;
    }
}

/// <summary>A user's membership of a queue.</summary>
public sealed class QueueMember
{
    internal QueueMember(Guid queueId, Guid userId, DateTimeOffset addedAt)
    {
        QueueId = queueId;
        UserId = userId;
        AddedAt = addedAt;
    }

    public Guid QueueId { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }
}
