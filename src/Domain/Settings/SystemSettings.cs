namespace WhatsSuite.Domain.Settings;

/// <summary>
/// The desk's rules an ADMIN changes at run time (one row): how often the backlog of waiting conversations is
/// distributed, and when idle conversations are warned about and closed (the default of queues without their own rule). Deployment secrets and infrastructure stay in the environment; these are business choices that
/// take effect without a restart. <see cref="Version"/> is bumped by every change and checked on save.
/// </summary>
public sealed class SystemSettings
{
    /// <summary>The id of the one row.</summary>
    public const int SingletonId = 1;

    public const int DefaultAutoAssignIntervalMinutes = 1;

    /// <summary>Intervals that divide an hour evenly, so the schedule (<c>*/N</c> minutes) has no short last run.</summary>
    public static readonly IReadOnlyList<int> AutoAssignIntervals = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

    private SystemSettings()
    {
    }

    public int Id { get; private set; }

    /// <summary>Minutes between two runs of the periodic auto-assignment drain (the <c>auto-assign-backlog</c> job).</summary>
    public int AutoAssignIntervalMinutes { get; private set; } = DefaultAutoAssignIntervalMinutes;

    /// <summary>Minutes an OPEN conversation may stay idle before its assignee is warned (0: never).</summary>
    public int InactivityWarnMinutes { get; private set; }

    /// <summary>Minutes an OPEN conversation may stay idle before it is closed automatically (0: never).</summary>
    public int InactivityCloseMinutes { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; private set; }

    /// <summary>The settings of a new installation.</summary>
    public static SystemSettings Defaults(DateTimeOffset now) => new() { Id = SingletonId, UpdatedAt = now };

    /// <summary>Sets the auto-assignment interval (one of <see cref="AutoAssignIntervals"/>).</summary>
    public void SetAutoAssignInterval(int minutes, DateTimeOffset now)
    {
        if (!AutoAssignIntervals.Contains(minutes))
        {
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "The interval must divide an hour.");
        }

        AutoAssignIntervalMinutes = minutes;
        Changed(now);
    }

    /// <summary>Sets the default inactivity rule (see <see cref="InactivityRule"/>).</summary>
    public void SetInactivity(int warnMinutes, int closeMinutes, DateTimeOffset now)
    {
        InactivityRule.Check(warnMinutes, closeMinutes);
        InactivityWarnMinutes = warnMinutes;
        InactivityCloseMinutes = closeMinutes;
        Changed(now);
    }

    private void Changed(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}
