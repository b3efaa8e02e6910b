namespace WhatsSuite.Application.Dashboards;

/// <summary>Nearest-rank percentiles (the value at rank ⌈p·n⌉ of the sorted values), as PostgreSQL's <c>percentile_disc</c>.</summary>
public static class Percentiles
{
    /// <summary>The fraction of the median.</summary>
    public const double MedianFraction = 0.5;

    /// <summary>The fraction of the 90th percentile.</summary>
    public const double P90Fraction = 0.9;

    /// <summary>The <paramref name="fraction"/> percentile of <paramref name="sorted"/> (ascending), or null when empty.</summary>
    public static int? Of(IReadOnlyList<int> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>Median and 90th percentile.</summary>
    public static (int? Median, int? P90) MedianAndP90(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return (Of(sorted, MedianFraction), Of(sorted, P90Fraction));
    }
}
