namespace WhatsSuite.Domain.Audit;

/// <summary>Who performs an action: a signed-in user, an integration's API key, the system (background jobs) or nobody yet (login).</summary>
public enum ActorKind
{
    Anonymous = 0,
    User = 1,
    System = 2,
    ApiKey = 3,
}
