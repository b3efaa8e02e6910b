using System.Linq.Expressions;

namespace WhatsSuite.Application.Dashboards.RefreshDashboardRollups;

/// <summary>
/// The rows of several conversations each from its own start, in one statement: <c>(conversation = $1 AND … >= $2) OR
/// (conversation = $3 AND … >= $4) OR …</c>, which PostgreSQL reads as one index range per conversation (a bitmap OR) and
/// SQLite as one index search per term. The keys and starts are parameters (read from an object's fields, as EF Core reads
/// a closure's captured variables), so the statement's text depends only on how many conversations it names.
/// </summary>
internal static class RecountRanges
{
    /// <summary>
    /// <paramref name="source"/> filtered to <paramref name="range"/>(row, conversation, start) for any of
    /// <paramref name="starts"/>; nothing when there are none.
    /// </summary>
    public static IQueryable<T> Where<T>(IQueryable<T> source, Expression<Func<T, Guid, DateTimeOffset, bool>> range, IReadOnlyList<(Guid Id, DateTimeOffset Start)> starts)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(starts);
        var row = range.Parameters[0];
        var values = Expression.Constant(new Values(starts.Select(s => s.Id).ToArray(), starts.Select(s => s.Start).ToArray()));
        Expression body = Expression.Constant(false);
        for (var i = 0; i < starts.Count; i++)
        {
            var id = Expression.ArrayIndex(Expression.Field(values, nameof(Values.Ids)), Expression.Constant(i));
            var start = Expression.ArrayIndex(Expression.Field(values, nameof(Values.Starts)), Expression.Constant(i));
            var term = new Substitute(range.Parameters[1], id, range.Parameters[2], start).Visit(range.Body);
            body = i == 0 ? term : Expression.OrElse(body, term);
        }

        return source.Where(Expression.Lambda<Func<T, bool>>(body, row));
    }

    /// <summary>The values, held as a closure holds captured variables: EF Core sends what is read from it as parameters.</summary>
    private sealed class Values(Guid[] ids, DateTimeOffset[] starts)
    {
        public readonly Guid[] Ids = ids;
        public readonly DateTimeOffset[] Starts = starts;
    }

    private sealed class Substitute(ParameterExpression id, Expression idValue, ParameterExpression start, Expression startValue) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == id ? idValue : node == start ? startValue : base.VisitParameter(node);
    }
}
