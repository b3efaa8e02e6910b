namespace WhatsSuite.Domain.Settings;

/// <summary>
/// When an OPEN conversation that nobody writes in is warned about and when it is closed: minutes of silence, 0 for
/// never. A queue may have its own rule; otherwise the system default (<see cref="SystemSettings"/>) applies.
/// </summary>
public sealed record InactivityRule(int WarnMinutes, int CloseMinutes)
{
    /// <summary>The longest silence before a warning: 7 days.</summary>
    public const int MaxWarnMinutes = 7 * 24 * 60;

    /// <summary>The longest silence before an automatic close: 30 days.</summary>
    public const int MaxCloseMinutes = 30 * 24 * 60;

    /// <summary>Neither warns nor closes.</summary>
    public static readonly InactivityRule Off = new(0, 0);

    public bool IsOff => WarnMinutes == 0 && CloseMinutes == 0;

    /// <summary>True when the pair is a valid rule: each 0 or within its range, and a warning before the close.</summary>
    public static bool IsValid(int warnMinutes, int closeMinutes) =>
        warnMinutes is >= 0 and <= MaxWarnMinutes
        && closeMinutes is >= 0 and <= MaxCloseMinutes
        && (warnMinutes == 0 || closeMinutes == 0 || warnMinutes < closeMinutes);

    public static void Check(int warnMinutes, int closeMinutes)
    {
        if (!IsValid(warnMinutes, closeMinutes))
        {
            throw new ArgumentOutOfRangeException(nameof(warnMinutes), $"Invalid inactivity rule: warn {warnMinutes}, close {closeMinutes} minutes.");
        }
    }
}
