namespace WhatsSuite.Application.Settings;

/// <summary>
/// The schedules of the recurring jobs that follow a setting (the auto-assignment drain's interval). Applied after
/// a settings change has committed, and at start-up from the stored settings; every instance shares the schedule.
/// </summary>
public interface IJobSchedules
{
    void Apply(SystemSettingsDto settings);
}
