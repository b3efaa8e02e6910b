using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WhatsSuite.Application.IntegrationTests.Support;

/// <summary>
/// The SQL every context of the fixture sends, seen by an interceptor in the contexts' options. A diagnostic listener
/// subscribed by the test would miss statements: a context that found nobody listening stops asking for a second
/// (EF Core's logging cache), and a pooled context keeps that answer from the scope that used it last.
/// </summary>
public sealed class CommandLog : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _texts = new();

    /// <summary>A window on the statements sent from now on.</summary>
    public Window Start() => new(this, _texts.Count);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    private T Record<T>(DbCommand command, T result)
    {
        _texts.Enqueue(command.CommandText);
        return result;
    }

    /// <summary>The statements sent since the window opened.</summary>
    public sealed class Window(CommandLog log, int start)
    {
        /// <summary>How many statements start with <paramref name="prefix"/> (batched statements count one each).</summary>
        public int Count(string prefix) =>
            log._texts.Skip(start).Sum(c => c.Split(';').Count(s => s.TrimStart().StartsWith(prefix, StringComparison.Ordinal)));
    }
}
