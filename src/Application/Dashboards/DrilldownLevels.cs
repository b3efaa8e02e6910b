using WhatsSuite.Domain.Dashboards;

namespace WhatsSuite.Application.Dashboards;

/// <summary>The levels as written in requests.</summary>
public static class DrilldownLevels
{
    public static readonly IReadOnlyDictionary<string, DrilldownLevel> ByName = new Dictionary<string, DrilldownLevel>(StringComparer.Ordinal)
    {
        ["agent"] = DrilldownLevel.Agent,
        ["connection"] = DrilldownLevel.Connection,
        ["hour"] = DrilldownLevel.Hour,
        ["day"] = DrilldownLevel.Day,
        ["queue"] = DrilldownLevel.Queue,
        ["status"] = DrilldownLevel.Status,
        ["message_type"] = DrilldownLevel.MessageType,
    };

    public static string NameOf(DrilldownLevel level) => ByName.First(p => p.Value == level).Key;
}
