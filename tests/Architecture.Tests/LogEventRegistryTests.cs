using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;

namespace WhatsSuite.Architecture.Tests;

/// <summary>
/// Log event ids come from one registry (<see cref="LogEvents"/>): every <c>[LoggerMessage]</c> in the product's
/// assemblies has an explicit id, no two events share one, and each id is listed in the registry, so an operator's
/// grep or alert on an id finds exactly one kind of line.
/// </summary>
public sealed partial class LogEventRegistryTests
{
    private static readonly Assembly[] ProductAssemblies =
    [
        typeof(Domain.Users.User).Assembly,
        typeof(Application.DependencyInjection).Assembly,
        typeof(Infrastructure.DependencyInjection).Assembly,
        typeof(Program).Assembly,
    ];

    private static IReadOnlyDictionary<int, string> Registry { get; } = typeof(LogEvents)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int))
        .GroupBy(f => (int)f.GetRawConstantValue()!)
        .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(f => f.Name)));

    /// <summary>Every method with [LoggerMessage] in the product, with the event id its attribute gives.</summary>
    private static List<(string Method, int EventId)> LoggerMessages() => ProductAssemblies
        .SelectMany(a => a.GetTypes())
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
        .Where(m => m.Attribute is not null)
        .Select(m => (Method: m.Method, EventId: m.Attribute!.EventId))
        .ToList();

    [Fact]
    public void Registry_EachIdNamesOneEvent()
    {
        var constants = typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();

        Assert.True(constants.Count >= 40, $"only {constants.Count} events in the registry");
        Assert.Equal(constants.Count, Registry.Count);
    }

    [Fact]
    public void LoggerMessages_EachHasARegisteredIdOfItsOwn()
    {
        var messages = LoggerMessages();

        Assert.True(messages.Count >= 40, $"only {messages.Count} [LoggerMessage] methods found");
        var unregistered = messages.Where(m => !Registry.ContainsKey(m.EventId)).Select(m => $"{m.Method} ({m.EventId})").ToList();
        Assert.True(unregistered.Count == 0, "event ids not taken from LogEvents (or missing, -1): " + string.Join("; ", unregistered));
        var duplicates = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(duplicates.Count == 0, "event ids used by more than one log message: " + string.Join("; ", duplicates));
        var unused = Registry.Keys.Except(messages.Select(m => m.EventId)).Select(id => $"{id} ({Registry[id]})").ToList();
        Assert.True(unused.Count == 0, "registered event ids no log message uses: " + string.Join("; ", unused));
    }

    [Fact]
    public void FirstAdminGeneratedPassword_KeepsTheIdTheReadmeTellsOperatorsToLookFor()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));

        Assert.Equal(3000, LogEvents.FirstAdminGeneratedPassword);
        Assert.Contains("event id 3000", readme, StringComparison.Ordinal);
    }

    /// <summary>Log events are written only through [LoggerMessage] methods: no source file builds an EventId itself.</summary>
    [Fact]
    public void Sources_BuildNoEventIdOutsideLoggerMessage()
    {
        var offenders = RepositoryFiles.ProductSources()
            .Where(f => EventIdConstruction().IsMatch(File.ReadAllText(f)))
            .Select(RepositoryFiles.Relative)
            .ToList();

        Assert.True(offenders.Count == 0, "EventId built outside [LoggerMessage]: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Canary_ADuplicateIdIsSeen()
    {
        var messages = LoggerMessages().Append((Method: "Canary.Log", EventId: LogEvents.FirstAdminGeneratedPassword));

        Assert.Contains(messages.GroupBy(m => m.EventId), g => g.Count() > 1);
    }

    [GeneratedRegex(@"new\s+EventId\s*\(")]
    private static partial Regex EventIdConstruction();
}
