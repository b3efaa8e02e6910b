using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WhatsSuite.Api.Infrastructure.OpenApi;

/// <summary>
/// Every operation's <c>operationId</c>, by one convention: <c>{group}_{handler}</c> in snake case, where
/// the group is the endpoint class without its <c>Endpoints</c> suffix and the handler is the method the
/// endpoint runs (<c>ConversationsEndpoints.List</c> → <c>conversations_list</c>,
/// <c>MessagesEndpoints.Send</c> → <c>messages_send</c>). An endpoint that reads better under another name
/// says so with <c>.WithName("...")</c>, which wins. Generated clients name their methods after these ids,
/// so a published id never changes (a test holds the list of published ids).
/// </summary>
internal static class OperationIds
{
    private const string GroupSuffix = "Endpoints";

    public static string? For(ApiDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var explicitName = description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
        if (!string.IsNullOrEmpty(explicitName))
        {
            return explicitName;
        }

        return description.TryGetMethodInfo(out var method) ? FromHandler(method) : null;
    }

    /// <summary>The conventional id of a handler method, or null for a lambda (which must be named explicitly).</summary>
    public static string? FromHandler(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var group = method.DeclaringType?.Name;
        if (group is null || group.Contains('<', StringComparison.Ordinal) || method.Name.Contains('<', StringComparison.Ordinal))
        {
            return null;
        }

        if (group.EndsWith(GroupSuffix, StringComparison.Ordinal) && group.Length > GroupSuffix.Length)
        {
            group = group[..^GroupSuffix.Length];
        }

        return $"{SnakeCase(group)}_{SnakeCase(method.Name)}";
    }

    /// <summary><c>ForceLogout</c> → <c>force_logout</c>, <c>ApiKeys</c> → <c>api_keys</c>, <c>MFACode</c> → <c>mfa_code</c>.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    builder.Append('_');
                }
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
