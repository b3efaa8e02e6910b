using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Archives.ArchivePartition;
using WhatsSuite.Application.Archives.RestoreArchive;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (daily): moves every month of a history table past its retention (<see cref="RetentionOptions"/>)
/// into an archive, one <see cref="ArchivePartitionCommand"/> per month and table as the system actor
/// <c>job:archive-history</c>, oldest first. A month that cannot go now (work in progress, a lock not granted) stays
/// live and the run goes on with the others; the run fails (and Hangfire shows it) when any month failed. In PostgreSQL
/// the months are partitions (ADR 0033); in embedded SQLite, the months holding rows and those whose batched move a
/// previous run left unfinished (ADR 0044).
/// </summary>
public sealed partial class ArchiveHistoryJob(IServiceScopeFactory scopes, RetentionOptions retention, TimeProvider clock, ILogger<ArchiveHistoryJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:archive-history</c>).</summary>
    public const string Name = "archive-history";

    public const string DisplayName = "Archive history past retention";

    [JobDisplayName(DisplayName)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = new List<(string Table, DateTimeOffset Month)>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var partitions = scope.ServiceProvider.GetRequiredService<IHistoryPartitions>();
            if (scope.ServiceProvider.GetService<IHistoryArchiver>() is null)
            {
                return;
            }

            // A month an ADMIN restored stays live a while before it is archived again.
            var restoredSince = now - RestoreArchiveCommand.RestoredMonthsStayLive;
            var restored = (await scope.ServiceProvider.GetRequiredService<IApplicationDbContext>().HistoryArchives
                    .Where(a => a.RestoredAt >= restoredSince)
                    .Select(a => new { a.TableName, a.PeriodStart })
                    .ToListAsync(cancellationToken))
                .Select(a => (a.TableName, a.PeriodStart.ToUniversalTime()))
                .ToHashSet();
            foreach (var table in HistoryTables.All)
            {
                if (retention.CutoffFor(table, now) is { } cutoff)
                {
                    var months = (await partitions.MonthsAsync(table, cancellationToken))
                        .Concat(await partitions.StrayMonthsAsync(table, cutoff, cancellationToken))
                        .Where(m => m.AddMonths(1) <= cutoff && !restored.Contains((table, m)))
                        .Distinct();
                    due.AddRange(months.Select(m => (table, m)));
                }
            }
        }

        var failed = 0;
        foreach (var (table, month) in due.OrderBy(d => d.Month))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            try
            {
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ArchivePartitionCommand(table, month), cancellationToken);
                if (result.IsSuccess)
                {
                    LogArchived(logger, table, month, result.Value.Rows);
                }
                else
                {
                    failed++;
                    LogNotArchived(logger, table, month, result.Error.Code);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed++;
                LogArchiveFailed(logger, table, month, exception);
            }
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {due.Count} months past retention were not archived; they stay live until the next run.");
        }
    }

    [LoggerMessage(EventId = LogEvents.HistoryMonthArchived, Level = LogLevel.Information, Message = "Archived {Table} {Month:yyyy-MM}: {Rows} rows")]
    private static partial void LogArchived(ILogger logger, string table, DateTimeOffset month, long rows);

    [LoggerMessage(EventId = LogEvents.HistoryMonthNotArchived, Level = LogLevel.Warning, Message = "{Table} {Month:yyyy-MM} was not archived: {Code}")]
    private static partial void LogNotArchived(ILogger logger, string table, DateTimeOffset month, string code);

    [LoggerMessage(EventId = LogEvents.HistoryArchiveFailed, Level = LogLevel.Error, Message = "Archiving {Table} {Month:yyyy-MM} failed; it stays live")]
    private static partial void LogArchiveFailed(ILogger logger, string table, DateTimeOffset month, Exception exception);
}
