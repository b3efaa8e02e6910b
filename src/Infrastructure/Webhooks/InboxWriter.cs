using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using WhatsSuite.Domain.Webhooks;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Webhooks;

/// <summary>Stores one received webhook delivery in the inbox, committed when the call returns.</summary>
internal interface IInboxWriter
{
    Task WriteAsync(WebhookInboxEntry entry, CancellationToken cancellationToken);
}

/// <summary>
/// Server mode: the deliveries that arrive while a write is under way are stored together, in one multi-row
/// INSERT committed on a pooled PostgreSQL connection (group commit), without a change tracker or a DbContext per
/// delivery. Each caller still returns only once its own row is committed, so the 200 to WhatsApp keeps its
/// promise; nothing waits for a batch to fill: a write starts as soon as a flusher is free, with whatever is queued.
/// When the server refuses a multi-row INSERT, its rows are written one by one, so only a row that fails on its own
/// fails its caller; a connection failure or timeout fails the batch's callers at once. This is the hot path measured by <c>bench/webhook-ingest</c>; see docs/decisions/0022-one-lease-for-queue-tables.md.
/// </summary>
internal sealed class PostgresInboxWriter : IInboxWriter, IAsyncDisposable
{
    /// <summary>Rows of one INSERT at most.</summary>
    public const int MaxBatch = 128;

    /// <summary>Body characters of one INSERT at most (a delivery may be 3 MB; a larger one goes alone).</summary>
    public const int MaxBatchChars = 1024 * 1024;

    /// <summary>INSERTs in flight at once (each on its own pooled connection): one writes while the next batch gathers.</summary>
    public const int Flushers = 2;

    private const string Insert = """
        INSERT INTO webhook_inbox (id, connection_id, app_id, body, status, attempts, progress, split_items, received_at, next_attempt_at)
        SELECT t.id, t.connection_id, t.app_id, t.body, $6, 0, 0, 0, t.received_at, t.received_at
        FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::text[], $5::timestamptz[]) AS t(id, connection_id, app_id, body, received_at)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly Task[] _flushers;

    public PostgresInboxWriter(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _flushers = [.. Enumerable.Range(0, Flushers).Select(_ => Task.Run(FlushLoopAsync))];
    }

    public async Task WriteAsync(WebhookInboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var pending = new PendingWrite(entry);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        // The caller's cancellation does not withdraw the row (it may be committed already); it stops the wait only.
        await pending.Committed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_flushers);
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            var chars = 0;
            while (batch.Count < MaxBatch && chars < MaxBatchChars && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                chars += next.Entry.Body.Length;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await InsertAsync(batch);
                batch.ForEach(p => p.Committed.TrySetResult());
            }
            catch (PostgresException) when (batch.Count > 1)
            {
                // The server refused a row (a constraint, a value): each row alone, so only that one fails. A lost or
                // timed-out connection fails the whole batch at once instead of once per row.
                foreach (var pending in batch)
                {
                    await InsertAloneAsync(pending);
                }
            }
            // The failure goes to the waiting callers (who answer 5xx, so WhatsApp retries); the loop goes on.
            catch (Exception exception)
            {
                batch.ForEach(p => p.Committed.TrySetException(exception));
            }

            batch.Clear();
        }
    }

    private async Task InsertAloneAsync(PendingWrite pending)
    {
        try
        {
            await InsertAsync([pending]);
            pending.Committed.TrySetResult();
        }
        // See FlushLoopAsync.
        catch (Exception exception)
        {
            pending.Committed.TrySetException(exception);
        }
    }

    private async Task InsertAsync(List<PendingWrite> batch)
    {
        var ids = new Guid[batch.Count];
        var connections = new Guid?[batch.Count];
        var apps = new string?[batch.Count];
        var bodies = new string[batch.Count];
        var received = new DateTimeOffset[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i].Entry;
            (ids[i], connections[i], apps[i], bodies[i], received[i]) = (entry.Id, entry.ConnectionId, entry.AppId, entry.Body, entry.ReceivedAt);
        }

        await using var command = _dataSource.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = connections, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = apps, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = bodies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = received, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nameof(InboxStatus.Pending), NpgsqlDbType = NpgsqlDbType.Varchar });
        var stored = await command.ExecuteNonQueryAsync(CancellationToken.None);
        if (stored != batch.Count)
        {
            throw new InvalidOperationException($"The inbox stored {stored} of {batch.Count} deliveries.");
        }
    }

    private sealed class PendingWrite(WebhookInboxEntry entry)
    {
        public WebhookInboxEntry Entry { get; } = entry;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Embedded mode: the row through a short-lived context (SQLite stores times in its own format).</summary>
internal sealed class EfInboxWriter(IServiceScopeFactory scopes) : IInboxWriter
{
    public async Task WriteAsync(WebhookInboxEntry entry, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.WebhookInbox.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }
}
