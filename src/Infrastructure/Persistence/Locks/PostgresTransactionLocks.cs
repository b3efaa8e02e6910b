using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Persistence.Locks;

/// <summary>
/// Transaction-scoped advisory locks, two-key form: the space and a 32-bit digest of each id (a collision only makes two
/// unrelated ids wait for each other). One statement takes them all, in ascending order: <c>unnest</c> yields the
/// array's elements in order and the aggregate takes each lock as its row is read. The one-key form, which the audit
/// chain's lock uses, is a separate key space. A command sent by a worker that keeps its claims in order waits for its
/// turn first (<see cref="TransactionLockTurn"/>), and hands the turn on once its locks are held.
/// </summary>
internal sealed class PostgresTransactionLocks(AppDbContext db, TransactionLockTurn turn) : ITransactionLocks
{
    public async Task HoldAsync(TransactionLockSpace space, IReadOnlyCollection<Guid> keys, CancellationToken cancellationToken)
    {
        if (keys.Count > 0)
        {
            if (db.Database.CurrentTransaction is null)
            {
                throw new InvalidOperationException("A transaction lock needs an open transaction: outside one it would end with its statement.");
            }

            await turn.WaitAsync(space, keys, cancellationToken);
            var digests = keys.Select(Digest).Distinct().Order().ToArray();
            var spaceKey = (int)space;
            await db.Database.ExecuteSqlAsync($"SELECT count(pg_advisory_xact_lock({spaceKey}, k)) FROM unnest({digests}) AS k", cancellationToken);
        }

        turn.Taken();
    }

    /// <summary>The id's four 32-bit words combined: every byte counts (a version 7 id's first ones are its time).</summary>
    internal static int Digest(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes);
        return words[0] ^ words[1] ^ words[2] ^ words[3];
    }
}
