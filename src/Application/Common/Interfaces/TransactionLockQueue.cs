namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Keeps the transactions of one worker taking their <see cref="ITransactionLocks"/> in the order the worker claimed
/// their work, within this instance. The worker takes a <see cref="Ticket"/> as it claims (one claim at a time), and
/// hands it to the command through <see cref="TransactionLockTurn"/>. When the command asks for its locks, it declares
/// its keys and waits until every earlier ticket has either declared keys it does not share, or taken its locks, or
/// ended; then it takes its own. Work of different keys goes on side by side; work of one key takes the key in claim
/// order, so the later claim is applied after the earlier one (ADR 0069). A transaction waiting here holds no
/// transaction lock yet (commands ask for all their locks at once), so this wait never closes a circle with the
/// database's.
/// </summary>
public sealed class TransactionLockQueue
{
    private readonly Lock _gate = new();
    private readonly List<Ticket> _open = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The next place in line. Take it in claim order (while no other claim of this worker runs).</summary>
    public Ticket Take()
    {
        lock (_gate)
        {
            var ticket = new Ticket(this);
            _open.Add(ticket);
            return ticket;
        }
    }

    private async Task WaitAsync(Ticket ticket, TransactionLockSpace space, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        var declared = keys.ToHashSet();
        while (true)
        {
            Task change;
            lock (_gate)
            {
                if (ticket.Keys is null)
                {
                    ticket.Space = space;
                    ticket.Keys = declared;
                    Changed();
                }

                var index = _open.IndexOf(ticket);
                var blocked = index > 0 && _open.Take(index).Any(e => e.Keys is null || (e.Space == space && e.Keys.Overlaps(declared)));
                if (!blocked)
                {
                    return;
                }

                change = _changed.Task;
            }

            await change.WaitAsync(cancellationToken);
        }
    }

    private void Pass(Ticket ticket)
    {
        lock (_gate)
        {
            if (_open.Remove(ticket))
            {
                Changed();
            }
        }
    }

    /// <summary>Wakes every waiter to look again; called under <see cref="_gate"/>.</summary>
    private void Changed()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A place in the <see cref="TransactionLockQueue"/>: passed when its transaction holds its locks, or when its work ends without them.</summary>
    public sealed class Ticket
    {
        private readonly TransactionLockQueue _queue;

        internal Ticket(TransactionLockQueue queue) => _queue = queue;

        internal TransactionLockSpace Space { get; set; }

        /// <summary>The keys its transaction asks for; null until it asks (an earlier ticket without keys holds everyone back).</summary>
        internal HashSet<Guid>? Keys { get; set; }

        /// <summary>Declares the keys and waits until no earlier ticket may take one of them first.</summary>
        public Task WaitAsync(TransactionLockSpace space, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken) =>
            _queue.WaitAsync(this, space, keys, cancellationToken);

        /// <summary>Leaves the line: the locks are held, or the work ended without them. Only the first call counts.</summary>
        public void Pass() => _queue.Pass(this);
    }
}
