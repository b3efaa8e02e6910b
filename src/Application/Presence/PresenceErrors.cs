using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Presence;

/// <summary>The errors of the presence use cases, with stable codes.</summary>
public static class PresenceErrors
{
    public static readonly Error ConcurrentRun =
        Error.Conflict("presence.concurrent_run", "Another run recorded the same presence at the same time; this one changed nothing.");
}
