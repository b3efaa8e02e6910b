namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// Scoped: work a command handler wants done only once its transaction has committed, such as waking a
/// background worker that will read what the command wrote. Discarded when the command rolls back.
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Action> _actions = [];

    public void Add(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions.Add(action);
    }

    internal void Run()
    {
        var actions = _actions.ToList();
        _actions.Clear();
        foreach (var action in actions)
        {
            action();
        }
    }

    internal void Discard() => _actions.Clear();
}
