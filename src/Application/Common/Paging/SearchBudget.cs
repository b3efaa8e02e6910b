using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Common.Paging;

/// <summary>
/// The time a search of a list may take (<see cref="Time"/>) before it is refused with a 422 that says it matches too
/// much, instead of holding a connection and a database backend until the request times out with a 5xx. The searches
/// are index-backed and answer in milliseconds at the sizes the benchmark measures; the budget bounds the rest (a term
/// common enough that every match must be read, a database under a lock or a load it cannot serve).
/// </summary>
public static class SearchBudget
{
    public static readonly TimeSpan Time = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs <paramref name="search"/> with a token cancelled after <see cref="Time"/>; <paramref name="tooBroad"/> when it
    /// ran out. Cancelling a statement stops it in the database too (Npgsql sends PostgreSQL a cancel request).
    /// </summary>
    public static async Task<Result<T>> RunAsync<T>(Func<CancellationToken, Task<T>> search, Error tooBroad, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Time);
        try
        {
            return await search(budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return tooBroad;
        }
    }
}
