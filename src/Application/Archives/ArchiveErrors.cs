using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Archives;

/// <summary>Errors of retention and the archive.</summary>
public static class ArchiveErrors
{
    public const string PartitionTargetType = "history_partition";

    public static readonly Error NotPartitioned =
        Error.Unprocessable("archives.not_partitioned", "This database keeps its history in plain tables; months are archived by batched moves.");

    public static Error UnknownTable(string table) =>
        Error.Unprocessable("archives.unknown_table", $"'{table}' is not a history table.");

    public static Error PartitionNotFound(string table, DateTimeOffset month) =>
        Error.NotFound("archives.partition_not_found", $"{table} has no partition for {month:yyyy-MM}.");

    /// <summary>The month still holds work in progress (an inbox delivery not yet processed, a message not yet sent) or rows arrived while it was written.</summary>
    public static Error MonthBusy(string table, DateTimeOffset month, string reason) =>
        Error.Conflict("archives.month_busy", $"{table} {month:yyyy-MM} cannot be archived now: {reason}.");
}
