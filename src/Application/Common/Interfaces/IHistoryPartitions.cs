namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// The month partitions of the history tables (messages, message status events, webhook inbox, audit trail; ADR 0033).
/// PostgreSQL partitions them by month; embedded SQLite keeps plain tables.
/// </summary>
public interface IHistoryPartitions
{
    /// <summary>Whether the database partitions the history tables (PostgreSQL) or not (embedded SQLite).</summary>
    bool Partitioned { get; }

    /// <summary>
    /// Creates, in the caller's transaction, the missing month partitions of every history table from the month of
    /// <paramref name="first"/> to the month of <paramref name="last"/> (UTC months), and answers how many it created.
    /// </summary>
    Task<int> EnsureMonthsAsync(DateTimeOffset first, DateTimeOffset last, CancellationToken cancellationToken);

    /// <summary>The first instants (UTC) of the months that have a partition of <paramref name="table"/>, oldest first.</summary>
    Task<IReadOnlyList<DateTimeOffset>> MonthsAsync(string table, CancellationToken cancellationToken);

    /// <summary>
    /// The first instants (UTC) of the months before <paramref name="before"/> that have rows of <paramref name="table"/>
    /// in no month partition (PostgreSQL's default partition: rows written for a month that had no partition then, such
    /// as history imported late or a WhatsApp timestamp older than an archived month), oldest first.
    /// </summary>
    Task<IReadOnlyList<DateTimeOffset>> StrayMonthsAsync(string table, DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>
    /// Creates <paramref name="table"/>'s partition of the month starting at <paramref name="month"/> if it is missing,
    /// moving that month's stray rows into it in one statement; answers whether it created it.
    /// </summary>
    Task<bool> CarveMonthAsync(string table, DateTimeOffset month, CancellationToken cancellationToken);
}
