using System.Runtime.InteropServices;

namespace WhatsSuite.Bench.LoadGen;

/// <summary>
/// Sleeps with microsecond resolution where the OS offers it (usleep on Linux and macOS), so the open-loop
/// dispatcher neither busy-waits (Thread.Sleep rounds sub-millisecond waits down to a yield) nor sends late.
/// </summary>
internal static partial class PreciseSleep
{
    private static readonly bool Native = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    public static void For(long microseconds)
    {
        if (microseconds <= 0)
        {
            return;
        }

        if (Native)
        {
            _ = USleep((uint)Math.Min(microseconds, 1_000_000));
        }
        else
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, microseconds / 1000)));
        }
    }

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);
}
