using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using WhatsSuite.Application.Desk;

namespace WhatsSuite.Architecture.Tests;

/// <summary>
/// The TypeScript declarations of the desk events (docs/realtime/whatssuite-desk.d.ts) say what the server sends:
/// the same event types with the same payload types, and each payload interface with exactly the fields (camelCase,
/// as the hub's JSON sends them) of its C# record, nullable where the record's property is.
/// </summary>
public sealed partial class DeskContractTests
{
    private static readonly string Declarations = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "realtime", "whatssuite-desk.d.ts"));

    [Fact]
    public void EventTypes_DeclaredPayloads_MatchTheServersEventTypes()
    {
        var block = PayloadMapBlock().Match(Declarations);
        Assert.True(block.Success, "DeskEventPayloads is declared");
        var declared = PayloadEntry().Matches(block.Groups["body"].Value).ToDictionary(m => m.Groups["type"].Value, m => m.Groups["payload"].Value);

        Assert.Equal(DeskEventTypes.Payloads.Keys.Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
        foreach (var (type, payload) in DeskEventTypes.Payloads)
        {
            Assert.Equal(payload.Name, declared[type]);
        }
    }

    [Fact]
    public void Payloads_DeclaredFields_MatchTheRecordsProperties()
    {
        var records = DeskEventTypes.Payloads.Values.Append(typeof(DeskConversation)).Append(typeof(DeskEnvelope)).Append(typeof(DeskResumeResult)).Append(typeof(DeskActor)).Distinct();
        var nullability = new NullabilityInfoContext();
        foreach (var record in records)
        {
            var body = InterfaceBlock(record.Name == nameof(DeskEnvelope) ? "DeskEnvelope<T extends DeskEventType = DeskEventType>" : record.Name);
            var declared = FieldLine().Matches(body).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value.Trim());
            var properties = record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.DeclaringType == record).ToList();

            Assert.Equal(
                properties.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal),
                declared.Keys.Order(StringComparer.Ordinal));
            foreach (var property in properties)
            {
                var type = declared[JsonNamingPolicy.CamelCase.ConvertName(property.Name)];
                var nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
                Assert.True(nullable == type.EndsWith("| null", StringComparison.Ordinal), $"{record.Name}.{property.Name} is {(nullable ? string.Empty : "not ")}nullable on the server but declared '{type}'");
            }
        }
    }

    private static string InterfaceBlock(string name)
    {
        var start = Declarations.IndexOf($"export interface {name} {{", StringComparison.Ordinal);
        Assert.True(start >= 0, $"interface {name} is declared");
        var end = Declarations.IndexOf("\n}", start, StringComparison.Ordinal);
        return Declarations[start..end];
    }

    [GeneratedRegex(@"export interface DeskEventPayloads \{(?<body>[^}]*)\}")]
    private static partial Regex PayloadMapBlock();

    [GeneratedRegex("\"(?<type>[a-z._]+)\": (?<payload>\\w+);")]
    private static partial Regex PayloadEntry();

    [GeneratedRegex(@"^\s+(?<name>[a-zA-Z]+): (?<type>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex FieldLine();
}
