using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Background;

/// <summary>
/// One worker's claim on rows of a <see cref="LeasedQueue{TEntity}"/>: it takes the due rows, and while the work
/// runs a heartbeat renews the lease of the unfinished ones every third of the lease, only where the claim's current
/// value is still there. A live worker so keeps its rows however long the work takes; the rows of a worker that dies
/// come back within one lease. <see cref="IsOursAsync"/> is the fencing check before acting on a row, and
/// <see cref="ReadIfOursAsync{TResult}"/> the same check as the read of the row: both run under the same lock as the heartbeat,
/// so they never see a lease value half renewed.
/// </summary>
internal sealed partial class QueueClaim<TEntity> : IAsyncDisposable
    where TEntity : class
{
    private readonly LeasedQueue<TEntity> _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lease;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, byte> _unfinished;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop;
    private readonly Task _heartbeat;

    private QueueClaim(
        LeasedQueue<TEntity> queue, IServiceScopeFactory scopes, TimeProvider clock, TimeSpan lease, ILogger logger,
        List<Guid> ids, DateTimeOffset value, CancellationToken cancellationToken)
    {
        _queue = queue;
        _scopes = scopes;
        _clock = clock;
        _lease = lease;
        _logger = logger;
        Ids = ids;
        Lease = value;
        _unfinished = new(ids.Select(id => KeyValuePair.Create(id, (byte)0)));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _heartbeat = HeartbeatAsync(_stop.Token);
    }

    /// <summary>The claimed rows, in id order.</summary>
    public IReadOnlyList<Guid> Ids { get; }

    /// <summary>The claim's current lease value (its fencing token); changes at each heartbeat.</summary>
    public DateTimeOffset Lease { get; private set; }

    /// <summary>Claims up to <paramref name="limit"/> due rows for <paramref name="lease"/>; null when none is due.</summary>
    public static async Task<QueueClaim<TEntity>?> TakeAsync(
        LeasedQueue<TEntity> queue, IServiceScopeFactory scopes, TimeProvider clock, TimeSpan lease, int limit, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var value = LeasedQueue<TEntity>.LeaseValue(now + lease);
        List<Guid> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            ids = await queue.ClaimAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), now, value, limit, cancellationToken);
        }

        return ids.Count == 0 ? null : new QueueClaim<TEntity>(queue, scopes, clock, lease, logger, ids, value, cancellationToken);
    }

    /// <summary>True while the row is still held by this claim (checked before acting on it).</summary>
    public async Task<bool> IsOursAsync(AppDbContext db, Guid id, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await _queue.IsHeldAsync(db, id, Lease, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> (the queue's compiled read of one held row and what it joins) with this claim's lease
    /// value, under the same lock as <see cref="IsOursAsync"/>: the fencing check and the read are one statement, and no
    /// rows when the row is no longer ours.
    /// </summary>
    public async Task<List<TResult>> ReadIfOursAsync<TResult>(AppDbContext db, Guid id, HeldRead<TResult> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await read.RunAsync(db, id, Lease, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The work on <paramref name="id"/> ended (done, failed or given back): the heartbeat no longer renews it.</summary>
    public void Finish(Guid id) => _unfinished.TryRemove(id, out _);

    /// <summary>Stops the heartbeat; rows still unfinished keep their lease until it ends.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeat;
        _stop.Dispose();
        _gate.Dispose();
    }

    private async Task HeartbeatAsync(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(_lease / 3, _clock, stop);
                await _gate.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var pending = _unfinished.Keys.ToList();
                if (pending.Count == 0)
                {
                    return;
                }

                var next = LeasedQueue<TEntity>.LeaseValue(_clock.GetUtcNow() + _lease);
                await using var scope = _scopes.CreateAsyncScope();
                await _queue.RenewAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), pending, Lease, next, stop);
                Lease = next;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            // A missed beat is retried at the next one; claims it could not renew run out and return to the queue.
            catch (Exception exception)
            {
                LogHeartbeatFailed(_logger, exception, _queue.Table);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    [LoggerMessage(EventId = LogEvents.QueueClaimHeartbeatFailed, Level = LogLevel.Warning, Message = "The heartbeat of a claim on {Table} could not renew its lease; it tries again at the next beat")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, string table);
}
