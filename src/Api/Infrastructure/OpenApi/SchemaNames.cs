using WhatsSuite.Application.Common.Paging;

namespace WhatsSuite.Api.Infrastructure.OpenApi;

/// <summary>
/// Component schema names: plain identifiers a generator can use as type names, with nothing about
/// assemblies or namespaces. <c>UserDto</c> → <c>User</c>, <c>PagedList&lt;UserDto&gt;</c> → <c>UserPage</c>,
/// <c>LoginCommand</c> and the endpoints' <c>...Body</c> records → <c>...Request</c>. Two types that would
/// get the same name stop the document from being generated, so a clash cannot go unnoticed.
/// </summary>
internal static class SchemaNames
{
    private static readonly (string Suffix, string Replacement)[] Suffixes =
    [
        ("Dto", string.Empty),
        ("Command", "Request"),
        ("Body", "Request"),
    ];

    public static string For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments().Select(For).ToArray();
            var definition = type.GetGenericTypeDefinition();
            return definition == typeof(PagedList<>)
                ? $"{arguments[0]}Page"
                : $"{Plain(definition)}Of{string.Concat(arguments)}";
        }

        return Plain(type);
    }

    private static string Plain(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        foreach (var (suffix, replacement) in Suffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name[..^suffix.Length] + replacement;
                break;
            }
        }

        return type.IsNested && type.DeclaringType is { } outer ? Plain(outer) + name : name;
    }
}
