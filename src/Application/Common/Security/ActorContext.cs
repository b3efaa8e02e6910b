namespace WhatsSuite.Application.Common.Security;

/// <summary>
/// The actor of the current scope. The Api sets it from the authenticated request; background jobs set the
/// system actor before sending their command. Unset means anonymous.
/// </summary>
public sealed class ActorContext
{
    private Actor? _actor;

    public Actor Current => _actor ?? Actor.Anonymous();

    public void Set(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        _actor = actor;
    }
}
