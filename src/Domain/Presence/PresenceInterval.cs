using WhatsSuite.Domain.Users;

namespace WhatsSuite.Domain.Presence;

/// <summary>
/// A stretch of time a user spent online on the desk with one availability, as the presence job saw it: each run (every
/// minute) extends the stretch of every user still online with the same availability to its own instant, and starts a
/// new one for a user who came online or changed availability, from the previous run's instant. Presence time is the
/// sum of the stretches; it is exact to one run.
/// </summary>
public sealed class PresenceInterval
{
    private PresenceInterval()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public Availability Availability { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The last run that saw the user online with this availability.</summary>
    public DateTimeOffset EndedAt { get; private set; }

    public static PresenceInterval Start(Guid userId, Availability availability, DateTimeOffset startedAt, DateTimeOffset seenAt) => new()
    {
        Id = Guid.CreateVersion7(seenAt),
        UserId = userId,
        Availability = availability,
        StartedAt = startedAt <= seenAt ? startedAt : seenAt,
        EndedAt = seenAt,
    };

    /// <summary>The user was still online with the same availability at <paramref name="seenAt"/>; false (and no change) for an instant not after the end.</summary>
    public bool Extend(DateTimeOffset seenAt)
    {
        if (seenAt <= EndedAt)
        {
            return false;
        }

        EndedAt = seenAt;
        return true;
    }

    /// <summary>The time of a stretch from <paramref name="startedAt"/> to <paramref name="endedAt"/> that lies between <paramref name="from"/> and <paramref name="to"/> (zero when they do not meet).</summary>
    public static TimeSpan Within(DateTimeOffset startedAt, DateTimeOffset endedAt, DateTimeOffset from, DateTimeOffset to)
    {
        var start = startedAt > from ? startedAt : from;
        var end = endedAt < to ? endedAt : to;
        return end > start ? end - start : TimeSpan.Zero;
    }
}
