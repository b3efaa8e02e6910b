using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Paging;

namespace WhatsSuite.Infrastructure.Persistence.Query;

/// <summary>
/// Teaches EF Core <see cref="LiteralLimit.Literal"/>, the marker <see cref="LiteralLimit.TakeLiteral{T}"/> wraps a page
/// size in: the call is kept in the query (not evaluated into a parameter, so its value is part of the compiled query's
/// cache key) and is translated to its argument as a SQL literal. Each page size is then a query of its own whose SQL is
/// generated once and cached. <c>EF.Constant</c>, used before, also writes a literal, but by inlining a parameter's
/// value after the cache lookup, so EF Core generated the SQL anew on every execution (ADR 0051, amended).
/// </summary>
public static class LiteralLimits
{
    /// <summary>Adds the marker's translation to a context's options (every provider).</summary>
    public static TBuilder UseLiteralLimits<TBuilder>(this TBuilder builder)
        where TBuilder : DbContextOptionsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(builder.Options.FindExtension<Extension>() ?? new Extension());
        return builder;
    }

    private sealed class Extension : IDbContextOptionsExtension
    {
        private DbContextOptionsExtensionInfo? _info;

        public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

        public void ApplyServices(IServiceCollection services) =>
            new EntityFrameworkRelationalServicesBuilder(services)
                .TryAdd<IEvaluatableExpressionFilterPlugin, KeepMarker>()
                .TryAdd<IMethodCallTranslatorPlugin, TranslateMarker>();

        public void Validate(IDbContextOptions options)
        {
        }
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using literal limits ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["WhatsSuite:LiteralLimits"] = "1";
    }

    /// <summary>The marker is not evaluated on the client: it stays in the query, with its constant argument.</summary>
    private sealed class KeepMarker : IEvaluatableExpressionFilterPlugin
    {
        public bool IsEvaluatableExpression(Expression expression) =>
            expression is not MethodCallExpression { Method: var method } || method != LiteralLimit.LiteralMethod;
    }

    /// <summary>The marker's SQL is its argument, a constant.</summary>
    private sealed class TranslateMarker(ISqlExpressionFactory sql) : IMethodCallTranslatorPlugin, IMethodCallTranslator
    {
        public IEnumerable<IMethodCallTranslator> Translators => [this];

        public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger) =>
            method == LiteralLimit.LiteralMethod && arguments[0] is SqlConstantExpression count ? sql.ApplyDefaultTypeMapping(count) : null;
    }
}
