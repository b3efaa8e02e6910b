namespace WhatsSuite.Application.Settings;

/// <summary>The desk's run-time settings (see the README's "System settings").</summary>
public sealed record SystemSettingsDto(int AutoAssignIntervalMinutes, int InactivityWarnMinutes, int InactivityCloseMinutes, DateTimeOffset UpdatedAt);
