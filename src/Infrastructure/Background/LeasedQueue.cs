using System.Data.Common;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Background;

/// <summary>
/// A queue-like table whose rows are taken by workers with a lease: a row is due while its lease column
/// (<c>next_attempt_at</c>) is at or before now and it is <see cref="Ready"/>; claiming moves the lease column to
/// the end of the lease, so no other worker sees the row as due until the lease ends. The lease value doubles as
/// the claim's fencing token: a worker only acts on a row whose lease column still holds its own value, and a
/// heartbeat (<see cref="QueueClaim{TEntity}"/>) renews it while the work runs. Shared by the outbox, the webhook
/// inbox and every later queue; see docs/decisions/0022-one-lease-for-queue-tables.md.
/// </summary>
/// <remarks>
/// <para>PostgreSQL (server mode, several instances): one statement claims the oldest due rows with
/// <c>FOR UPDATE ... SKIP LOCKED</c> and moves their lease in the same statement, so two instances never take
/// the same row and never wait for each other. SQLite (embedded mode, one instance and a single writer): a read of
/// the due rows, then a lease update guarded by the same condition.</para>
/// <para>The SQL fragments are constants of the queue definitions, never user input; values go in parameters.</para>
/// </remarks>
internal sealed class LeasedQueue<TEntity>
    where TEntity : class
{
    /// <summary>The table, as in the database (PostgreSQL claim).</summary>
    public required string Table { get; init; }

    /// <summary>Optional joins after <c>FROM {Table} q</c>, for a readiness condition on other tables (PostgreSQL claim).</summary>
    public string Joins { get; init; } = string.Empty;

    /// <summary>The readiness condition over alias <c>q</c> (and <see cref="Joins"/>), with <c>@name</c> parameters from <see cref="ReadyParameters"/>.</summary>
    public required string ReadySql { get; init; }

    /// <summary>Values of the parameters named in <see cref="ReadySql"/>.</summary>
    public IReadOnlyDictionary<string, object> ReadyParameters { get; init; } = new Dictionary<string, object>();

    /// <summary>The same readiness condition for EF Core (SQLite claim).</summary>
    public required Func<AppDbContext, Expression<Func<TEntity, bool>>> Ready { get; init; }

    /// <summary>The state a claimed row keeps while its work is unfinished; only such rows are renewed or acted on.</summary>
    public required Expression<Func<TEntity, bool>> Held { get; init; }

    /// <summary>The row's key.</summary>
    public required Expression<Func<TEntity, Guid>> Id { get; init; }

    /// <summary>The lease column: when the row is next due (a nullable column, or a non-nullable one lifted by the compiler).</summary>
    public required Expression<Func<TEntity, DateTimeOffset?>> Lease { get; init; }

    /// <summary>Lease values are kept to the millisecond, which every provider stores exactly (the value is compared for equality).</summary>
    public static DateTimeOffset LeaseValue(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>Claims up to <paramref name="limit"/> due rows, oldest first, until <paramref name="until"/>; answers their ids.</summary>
    public async Task<List<Guid>> ClaimAsync(AppDbContext db, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        until = LeaseValue(until);
        if (db is PostgresAppDbContext)
        {
            return await ClaimOnPostgresAsync(db, now, until, limit, cancellationToken);
        }

        return await ClaimOnSqliteAsync(db, now, until, limit, cancellationToken);
    }

    /// <summary>
    /// Claims like <see cref="ClaimAsync"/>, but inside the transaction the caller has open on <paramref name="db"/>: on
    /// PostgreSQL the rows stay locked (<c>FOR UPDATE</c>) until that transaction ends, so the caller's work on them and
    /// the claim commit together or roll back together (a crash before the commit leaves the rows as they were).
    /// </summary>
    public async Task<List<Guid>> ClaimWithinTransactionAsync(AppDbContext db, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("A claim within a transaction needs an open transaction.");
        until = LeaseValue(until);
        if (db is not PostgresAppDbContext)
        {
            return await ClaimOnSqliteAsync(db, now, until, limit, cancellationToken);
        }

        await using var command = ClaimCommand(db, db.Database.GetDbConnection(), now, until, limit);
        command.Transaction = transaction.GetDbTransaction();
        var claimed = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(reader.GetGuid(0));
            }
        }

        claimed.Sort();
        return claimed;
    }

    private async Task<List<Guid>> ClaimOnSqliteAsync(AppDbContext db, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        // Embedded mode runs one instance: a plain read, then the lease, only where the row is still due.
        var due = await Due(db, now)
            .OrderBy(Lease).ThenBy(Id)
            .Select(Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return due;
        }

        var leased = await Due(db, now).Where(WithIdIn(due))
            .ExecuteUpdateAsync(s => SetLease(s, until), cancellationToken);
        if (leased != due.Count)
        {
            due = await db.Set<TEntity>().AsNoTracking().Where(WithIdIn(due)).Where(WithLease(until)).Select(Id).ToListAsync(cancellationToken);
        }

        due.Sort();
        return due;
    }

    /// <summary>
    /// Claims one row by its key until <paramref name="until"/>, when it is due and ready; false when it is not (not
    /// due yet, already claimed by a worker whose lease has not ended, or no longer ready). One conditional update,
    /// atomic on both providers: of two workers claiming the same row at once, one gets it. For work that arrives
    /// addressed to one row (a job per row) rather than drained in order.
    /// </summary>
    public async Task<bool> ClaimOneAsync(AppDbContext db, Guid id, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        until = LeaseValue(until);
        return await Due(db, now).Where(WithIdIn([id])).ExecuteUpdateAsync(s => SetLease(s, until), cancellationToken) == 1;
    }

    /// <summary>
    /// Moves the rows of a claim that are still held at <paramref name="current"/> to <paramref name="next"/>; a row
    /// another worker took meanwhile (another lease value) or whose work finished keeps its state. Answers the rows renewed.
    /// </summary>
    public Task<int> RenewAsync(AppDbContext db, IReadOnlyCollection<Guid> ids, DateTimeOffset current, DateTimeOffset next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        next = LeaseValue(next);
        return db.Set<TEntity>().Where(WithIdIn(ids)).Where(WithLease(current)).Where(Held)
            .ExecuteUpdateAsync(s => SetLease(s, next), cancellationToken);
    }

    /// <summary>True while the row is held and its lease column still holds <paramref name="lease"/> (the fencing check before acting on it).</summary>
    public Task<bool> IsHeldAsync(AppDbContext db, Guid id, DateTimeOffset lease, CancellationToken cancellationToken) =>
        HeldWith(db, id, lease).AnyAsync(cancellationToken);

    /// <summary>
    /// The row while it is held and its lease column still holds <paramref name="lease"/>, else nothing: the fencing check
    /// of <see cref="IsHeldAsync"/> as a query, so that a worker can read the row (and what it joins) in the same statement.
    /// </summary>
    public IQueryable<TEntity> HeldWith(AppDbContext db, Guid id, DateTimeOffset lease)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<TEntity>().Where(HeldWith(Capture(id), Capture<DateTimeOffset?>(lease)));
    }

    /// <summary>
    /// The condition of <see cref="HeldWith(AppDbContext, Guid, DateTimeOffset)"/> over a row, with the id and the lease
    /// value given as expressions of type <see cref="Guid"/> and <see cref="Nullable{DateTimeOffset}"/>: captured values
    /// (EF Core's parameters) there, a compiled query's own parameters in a read built once (ADR 0066).
    /// <para>The row is compared by <c>id = $1</c> rather than <c>id = ANY($1)</c>: a plan made for any value then costs
    /// what one made for the value does (one row from each partition's key), and PostgreSQL keeps the connection's
    /// prepared plan. Against an array of unknown length it guessed more rows, found a plan for the value at hand cheaper
    /// and planned the statement anew for nearly every message the outbox sent: 1.1 ms of planning a send (ADR 0063).</para>
    /// </summary>
    public Expression<Func<TEntity, bool>> HeldWith(Expression id, Expression lease)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(lease);
        var row = Id.Parameters[0];
        var body = Expression.AndAlso(
            Expression.AndAlso(Expression.Equal(Id.Body, id), Expression.Equal(Over(Lease, row), lease)),
            Over(Held, row));
        return Expression.Lambda<Func<TEntity, bool>>(body, row);
    }

    /// <summary>
    /// A read of one held row and what it joins, compiled once per model (EF Core's compiled query: no expression tree to
    /// build, hash and look up on each run). <paramref name="shape"/> is given the context and the rows held by the id and lease
    /// value the read is run with (<see cref="HeldWith(Expression, Expression)"/>), so the fencing check stays the
    /// queue's; <see cref="QueueClaim{TEntity}.ReadIfOursAsync{TResult}"/> runs it with the claim's lease.
    /// </summary>
    public HeldRead<TResult> CompileHeldRead<TResult>(Expression<Func<AppDbContext, IQueryable<TEntity>, IQueryable<TResult>>> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var db = Expression.Parameter(typeof(AppDbContext), "db");
        var id = Expression.Parameter(typeof(Guid), "id");
        var lease = Expression.Parameter(typeof(DateTimeOffset?), "lease");
        var rows = Expression.Call(db, nameof(DbContext.Set), [typeof(TEntity)]);
        var held = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(TEntity)], rows, Expression.Quote(HeldWith(id, lease)));
        var body = new Rebind(shape.Parameters[1], held).Visit(new Rebind(shape.Parameters[0], db).Visit(shape.Body));
        return new HeldRead<TResult>(Expression.Lambda<Func<AppDbContext, Guid, DateTimeOffset?, IQueryable<TResult>>>(body, db, id, lease));
    }

    /// <summary>The body of <paramref name="lambda"/> over <paramref name="row"/> instead of its own parameter.</summary>
    private static Expression Over(LambdaExpression lambda, ParameterExpression row) =>
        new Rebind(lambda.Parameters[0], row).Visit(lambda.Body);

    /// <summary>Puts another expression in place of a parameter.</summary>
    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private void SetLease(UpdateSettersBuilder<TEntity> setters, DateTimeOffset value)
    {
        if (Lease.Body is UnaryExpression { NodeType: ExpressionType.Convert, Operand: var column } && column.Type == typeof(DateTimeOffset))
        {
            setters.SetProperty(Expression.Lambda<Func<TEntity, DateTimeOffset>>(column, Lease.Parameters), value);
        }
        else
        {
            setters.SetProperty(Lease, value);
        }
    }

    private IQueryable<TEntity> Due(AppDbContext db, DateTimeOffset now)
    {
        var notLater = Expression.Lambda<Func<TEntity, bool>>(
            Expression.LessThanOrEqual(Lease.Body, Capture<DateTimeOffset?>(now)), Lease.Parameters);
        return db.Set<TEntity>().Where(Ready(db)).Where(notLater);
    }

    private Expression<Func<TEntity, bool>> WithIdIn(IReadOnlyCollection<Guid> ids)
    {
        var contains = Expression.Call(
            typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)], Capture(ids.ToArray()), Id.Body);
        return Expression.Lambda<Func<TEntity, bool>>(contains, Id.Parameters);
    }

    private Expression<Func<TEntity, bool>> WithLease(DateTimeOffset lease) =>
        Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(Lease.Body, Capture<DateTimeOffset?>(lease)), Lease.Parameters);

    /// <summary>A closure member, as the C# compiler writes captured variables: EF Core turns it into a query parameter.</summary>
    private static MemberExpression Capture<T>(T value) =>
        Expression.Property(Expression.Constant(new Captured<T>(value)), nameof(Captured<T>.Value));

    /// <summary>
    /// Set for the claim's transaction on PostgreSQL. Queue tables are partitioned by month (ADR 0033): the due rows in
    /// claim order come from a Merge Append of each partition's index. With statistics from before a burst, PostgreSQL
    /// would rather append the partitions and sort what it estimates to be a handful of rows, reading every due row
    /// (ADR 0022); without sorting it reads only the rows it takes.
    /// </summary>
    internal const string ClaimPlannerSettings = "SET LOCAL enable_sort = off";

    private async Task<List<Guid>> ClaimOnPostgresAsync(AppDbContext db, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // The claim's settings hold for its transaction only.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var settings = connection.CreateCommand())
            {
                settings.Transaction = transaction;
                settings.CommandText = ClaimPlannerSettings;
                await settings.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = ClaimCommand(db, connection, now, until, limit);
            command.Transaction = transaction;
            var claimed = new List<Guid>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add(reader.GetGuid(0));
                }
            }

            await transaction.CommitAsync(cancellationToken);

            // RETURNING keeps no order: the ids in id order, as on SQLite's second read.
            claimed.Sort();
            return claimed;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The PostgreSQL claim as a command on <paramref name="connection"/>: the oldest due rows, in lease-then-key order,
    /// locked without waiting and leased in the same statement. The queue table needs an index that yields its due rows
    /// in exactly that order (the inbox: <c>(status, next_attempt_at, id)</c>), so the claim reads only the rows it
    /// takes; with an index on the lease alone PostgreSQL reads and sorts every due row on each claim (ADR 0022).
    /// </summary>
    internal DbCommand ClaimCommand(AppDbContext db, DbConnection connection, DateTimeOffset now, DateTimeOffset until, int limit)
    {
        var idColumn = ColumnOf(db, Id);
        var leaseColumn = ColumnOf(db, Lease);
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Table, columns and condition are constants of the queue definitions; values are parameters.
        command.CommandText = $"""
            UPDATE {Table} SET {leaseColumn} = @lease_until
            WHERE {idColumn} IN (
                SELECT q.{idColumn} FROM {Table} q {Joins}
                WHERE q.{leaseColumn} <= @lease_now AND ({ReadySql})
                ORDER BY q.{leaseColumn}, q.{idColumn}
                LIMIT @lease_limit
                FOR UPDATE OF q SKIP LOCKED)
            RETURNING {idColumn}
            """;
#pragma warning restore CA2100
        Add(command, "lease_until", until);
        Add(command, "lease_now", now);
        Add(command, "lease_limit", limit);
        foreach (var (name, value) in ReadyParameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    private static string ColumnOf<TValue>(AppDbContext db, Expression<Func<TEntity, TValue>> property)
    {
        var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } lifted ? lifted.Operand : property.Body;
        var name = ((MemberExpression)body).Member.Name;
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped.");
        var column = entity.FindProperty(name)?.GetColumnName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{name} is not mapped.");
        return $"\"{column}\"";
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed class Captured<T>(T value)
    {
        public T Value { get; } = value;
    }
}

/// <summary>
/// A compiled read of one held row of a queue (<see cref="LeasedQueue{TEntity}.CompileHeldRead{TResult}"/>). EF Core binds
/// a compiled query to the model it first ran with and refuses another; a process may hold several (the PostgreSQL and
/// the SQLite context, the test hosts), so the read is compiled once for each model it meets.
/// </summary>
internal sealed class HeldRead<TResult>(Expression<Func<AppDbContext, Guid, DateTimeOffset?, IQueryable<TResult>>> query)
{
    private readonly ConditionalWeakTable<IModel, Func<AppDbContext, Guid, DateTimeOffset?, IAsyncEnumerable<TResult>>> _compiled = [];

    /// <summary>The rows for the row <paramref name="id"/> while it is held with <paramref name="lease"/>; none otherwise.</summary>
    public async Task<List<TResult>> RunAsync(AppDbContext db, Guid id, DateTimeOffset lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var read = _compiled.GetValue(db.Model, _ => EF.CompileAsyncQuery(query));
        var rows = new List<TResult>();
        await foreach (var row in read(db, id, lease).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
