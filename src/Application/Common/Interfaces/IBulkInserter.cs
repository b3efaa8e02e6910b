namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Writes many new rows of one entity in one go, inside the command's open transaction, without tracking them: the
/// path for lists of tens of thousands of rows (a campaign's audience file) where one INSERT per row through the change
/// tracker would cost most of the time. PostgreSQL uses binary <c>COPY</c>; SQLite inserts through the context.
/// </summary>
public interface IBulkInserter
{
    Task InsertAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class;
}
