namespace WhatsSuite.Domain.Dashboards;

/// <summary>
/// The one row that says how far the rollups have read: conversations changed after <see cref="Watermark"/> are
/// recounted by the next run. <see cref="Version"/> grows with every run that changed a figure (the dashboards' cache
/// key) and is the row's concurrency token, so two runs can never both apply their changes.
/// </summary>
public sealed class DashboardRollupState
{
    public const int SingletonId = 1;

    private DashboardRollupState()
    {
    }

    public int Id { get; private set; }

    public DateTimeOffset Watermark { get; private set; }

    public long Version { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static DashboardRollupState Start() => new() { Id = SingletonId, Watermark = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch };

    /// <summary>Moves the watermark (never backwards) and, when figures changed, the version.</summary>
    public void Advance(DateTimeOffset watermark, bool changed, DateTimeOffset now)
    {
        if (watermark > Watermark)
        {
            Watermark = watermark;
        }

        if (changed)
        {
            Version++;
        }

        UpdatedAt = now;
    }
}
