using WhatsSuite.Application.Common.Behaviors;

namespace WhatsSuite.Application.Desk;

/// <summary>
/// Scoped: the desk changes of the command running in this scope. The persistence layer records here what each
/// save writes (conversations, messages, contacts, connections, queue memberships), so no handler publishes
/// anything itself; the changes are handed to <see cref="IDeskEventSink"/> only after the command's transaction has
/// committed (<see cref="AfterCommit"/>) and are dropped when it rolls back.
/// </summary>
public sealed class DeskChanges(AfterCommit afterCommit, IDeskEventSink sink)
{
    private readonly List<DeskChange> _pending = [];

    public void Record(DeskChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_pending.Count == 0)
        {
            afterCommit.Add(Flush, _pending.Clear);
        }

        _pending.Add(change);
    }

    private void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var changes = _pending.ToList();
        _pending.Clear();
        sink.Publish(changes);
    }
}
