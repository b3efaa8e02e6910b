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
/// Server mode: one parameterized INSERT on a pooled PostgreSQL connection, without a change tracker or a
/// DbContext per delivery. This is the hot path measured by <c>bench/webhook-ingest</c>.
/// </summary>
internal sealed class PostgresInboxWriter(NpgsqlDataSource dataSource) : IInboxWriter
{
    private const string Insert = """
        INSERT INTO webhook_inbox (id, connection_id, app_id, body, status, attempts, progress, split_items, received_at, next_attempt_at)
        VALUES ($1, $2, $3, $4, $5, 0, 0, 0, $6, $6)
        """;

    public async Task WriteAsync(WebhookInboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = entry.Id, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.ConnectionId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.AppId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Body, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nameof(InboxStatus.Pending), NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = entry.ReceivedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
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
