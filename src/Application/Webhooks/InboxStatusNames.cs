using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Application.Webhooks;

/// <summary>The inbox statuses as the API spells them (<c>pending</c>, <c>processed</c>, <c>failed</c>).</summary>
internal static class InboxStatusNames
{
    public static bool TryParse(string value, out InboxStatus status)
    {
        (var known, status) = value switch
        {
            "pending" => (true, InboxStatus.Pending),
            "processed" => (true, InboxStatus.Processed),
            "failed" => (true, InboxStatus.Failed),
            _ => (false, default),
        };
        return known;
    }
}
