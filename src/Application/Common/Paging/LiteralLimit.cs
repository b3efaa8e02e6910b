using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Query;

namespace WhatsSuite.Application.Common.Paging;

/// <summary>
/// A page size written into the SQL as a literal (<c>LIMIT 51</c>) rather than as a parameter (<c>LIMIT $1</c>), which
/// EF Core makes of every <c>Take</c>. PostgreSQL plans a prepared statement's generic plan for an unknown limit as
/// if it returned a tenth of the rows, finds it far dearer than a plan for 51 rows and so plans the statement again on
/// every execution: 1.5-2.7 ms for the desk's list, more than running it. With the limit a literal, the generic plan
/// costs what the custom ones do and is kept: planned once per connection. Each page size is a query of its own, with
/// its SQL generated once (the persistence layer translates <see cref="Literal"/>); the validators bound the sizes (at
/// most 100). See docs/decisions/0051-page-sizes-as-literals.md.
/// </summary>
public static class LiteralLimit
{
    /// <summary><see cref="Literal"/>, for the persistence layer's translation.</summary>
    public static readonly MethodInfo LiteralMethod = typeof(LiteralLimit).GetMethod(nameof(Literal))!;

    /// <summary><see cref="Queryable.Take{TSource}(IQueryable{TSource}, int)"/> with <paramref name="count"/> as a SQL literal.</summary>
    public static IQueryable<T> TakeLiteral<T>(this IQueryable<T> source, int count)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Provider.CreateQuery<T>(Expression.Call(
            typeof(Queryable), nameof(Queryable.Take), [typeof(T)], source.Expression, Expression.Call(LiteralMethod, Expression.Constant(count))));
    }

    /// <summary>
    /// Marks <paramref name="count"/> as a literal of the query: the value itself outside a query. Inside one it is kept
    /// as written (part of the query's identity) and becomes a SQL literal.
    /// </summary>
    public static int Literal([NotParameterized] int count) => count;
}
