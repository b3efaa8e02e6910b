using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Settings;

/// <summary>The errors of the system settings use cases, with stable codes.</summary>
public static class SettingsErrors
{
    public const string TargetType = "settings";

    /// <summary>The audit target id of the one settings row.</summary>
    public const string TargetId = "system";

    public static readonly Error Changed =
        Error.Conflict("settings.changed", "Someone else changed the settings at the same time: read them again and repeat the change.");
}
