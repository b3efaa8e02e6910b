namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>The audit action name of a message type: its name without the Command/Query suffix.</summary>
public static class MessageName<TMessage>
{
    public static string Action { get; } = Strip(typeof(TMessage).Name);

    private static string Strip(string name)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["Command", "Query"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }
}
