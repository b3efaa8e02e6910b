namespace WhatsSuite.Domain.Presence;

/// <summary>
/// The one row that says when the presence job last recorded who was online: the stretches that run extended or started
/// end at <see cref="LastRunAt"/>, and the next run continues them. <see cref="Version"/> is the row's concurrency token,
/// so two runs at once can never both commit (one would count a stretch another already extended).
/// </summary>
public sealed class PresenceRecordingState
{
    public const int SingletonId = 1;

    private PresenceRecordingState()
    {
    }

    public int Id { get; private set; }

    /// <summary>The instant of the last run that recorded; null before the first.</summary>
    public DateTimeOffset? LastRunAt { get; private set; }

    public long Version { get; private set; }

    /// <summary>Records a run at <paramref name="now"/>, even one earlier than the last (another instance's clock was ahead): the next run continues from it.</summary>
    public void Record(DateTimeOffset now)
    {
        LastRunAt = now;
        Version++;
    }
}
