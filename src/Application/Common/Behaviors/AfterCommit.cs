namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// Scoped: work a command handler wants done only once its transaction has committed, such as waking a
/// background worker that will read what the command wrote. Discarded when the command rolls back.
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Action> _actions = [];
    private readonly List<Action> _onDiscard = [];

    public void Add(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions.Add(action);
    }

    /// <summary>Adds <paramref name="action"/>, and <paramref name="onDiscard"/> to run instead when the command rolls back.</summary>
    public void Add(Action action, Action onDiscard)
    {
        ArgumentNullException.ThrowIfNull(onDiscard);
        Add(action);
        _onDiscard.Add(onDiscard);
    }

    internal void Run()
    {
        var actions = _actions.ToList();
        _actions.Clear();
        _onDiscard.Clear();
        foreach (var action in actions)
        {
            action();
        }
    }

    internal void Discard()
    {
        var undo = _onDiscard.ToList();
        _actions.Clear();
        _onDiscard.Clear();
        foreach (var action in undo)
        {
            action();
        }
    }
}
