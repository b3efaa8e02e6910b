namespace WhatsSuite.Application.Common.Paging;

/// <summary>A page of results with the total count for the filter.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int TotalPages => PageSize == 0 ? 0 : (int)Math.Ceiling(TotalCount / (double)PageSize);
}

public static class PageDefaults
{
    public const int PageSize = 20;
    public const int MaxPageSize = 100;
}
