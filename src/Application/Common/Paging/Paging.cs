using Microsoft.EntityFrameworkCore;

namespace WhatsSuite.Application.Common.Paging;

/// <summary>
/// A page of results with the total count for the filter. When <see cref="TotalCountCapped"/> is true the list counted
/// no further than <see cref="PageTotal.Cap"/>: there are more than <see cref="TotalCount"/> results (a client shows
/// "1,000+"), and the pages past it are still served.
/// </summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount, bool TotalCountCapped = false)
{
    public int TotalPages => PageSize == 0 ? 0 : (int)Math.Ceiling(TotalCount / (double)PageSize);
}

public static class PagedList
{
    /// <summary>A page whose total is <paramref name="total"/>, exact or capped.</summary>
    public static PagedList<T> From<T>(IReadOnlyList<T> items, int page, int pageSize, PageTotal total) =>
        new(items, page, pageSize, total.Count, total.Capped);
}

public static class PageDefaults
{
    public const int PageSize = 20;
    public const int MaxPageSize = 100;
}

/// <summary>
/// A list's total: exact up to <see cref="Cap"/>; past it, <see cref="Cap"/> with <see cref="Capped"/> set. A list of
/// the desk whose matches can run into the tens of thousands counts this far and no further, so that a page costs
/// the same whether 1,001 or 100,000 rows match (ADR 0059).
/// </summary>
public readonly record struct PageTotal(int Count, bool Capped)
{
    /// <summary>The most a capped total counts; a total above it is reported as this with <see cref="Capped"/>.</summary>
    public const int Cap = 1000;

    public static PageTotal Exact(int count) => new(count, false);

    /// <summary>The total from a count that stopped at <see cref="Cap"/> + 1 rows (or more, when a count bounds it).</summary>
    public static PageTotal FromCountUpToCap(int counted) => counted > Cap ? new(Cap, true) : new(counted, false);
}

public static class PageTotalExtensions
{
    /// <summary>
    /// Counts <paramref name="source"/> up to <see cref="PageTotal.Cap"/> + 1 rows: one bounded statement, its limit a
    /// literal so that a prepared plan is made for it (<see cref="LiteralLimit"/>).
    /// </summary>
    public static async Task<PageTotal> CountUpToCapAsync<T>(this IQueryable<T> source, CancellationToken cancellationToken) =>
        PageTotal.FromCountUpToCap(await source.TakeLiteral(PageTotal.Cap + 1).CountAsync(cancellationToken));
}
