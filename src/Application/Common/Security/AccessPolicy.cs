using System.Reflection;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Common.Security;

/// <summary>The access rule declared on a message type, read once per type.</summary>
public sealed class AccessPolicy
{
    private AccessPolicy(bool isPublic, bool systemOnly, bool requiresUser, IReadOnlyList<Role> roles, bool allowWhilePasswordChangeRequired, string? scope)
    {
        Scope = scope;
        IsPublic = isPublic;
        SystemOnly = systemOnly;
        RequiresUser = requiresUser;
        Roles = roles;
        AllowWhilePasswordChangeRequired = allowWhilePasswordChangeRequired;
    }

    public bool IsPublic { get; }

    public bool SystemOnly { get; }

    public bool RequiresUser { get; }

    public IReadOnlyList<Role> Roles { get; }

    public bool AllowWhilePasswordChangeRequired { get; }

    /// <summary>The scope an API key needs; null when keys may not send the message.</summary>
    public string? Scope { get; }
    public bool AllowWhileMfaEnrollmentRequired { get; private init; }

    /// <summary>True when the type declares exactly one access attribute.</summary>
    public bool IsDeclared => (IsPublic ? 1 : 0) + (SystemOnly ? 1 : 0) + (RequiresUser ? 1 : 0) == 1;

    public static AccessPolicy For(Type messageType)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        var requireRole = messageType.GetCustomAttribute<RequireRoleAttribute>();
        return new AccessPolicy(
            messageType.GetCustomAttribute<PublicAccessAttribute>() is not null,
            messageType.GetCustomAttribute<SystemOnlyAttribute>() is not null,
            requireRole is not null,
            requireRole?.Roles ?? [],
            messageType.GetCustomAttribute<AllowWhilePasswordChangeRequiredAttribute>() is not null,
            messageType.GetCustomAttribute<RequireScopeAttribute>()?.Scope)
        {
            AllowWhileMfaEnrollmentRequired = messageType.GetCustomAttribute<AllowWhileMfaEnrollmentRequiredAttribute>() is not null,
        };
    }

    /// <summary>Null when the actor may send the message; otherwise the reason for refusing.</summary>
    public Error? Evaluate(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!IsDeclared)
        {
            return Errors.Forbidden;
        }

        if (IsPublic)
        {
            return null;
        }

        if (SystemOnly)
        {
            return actor.Kind == ActorKind.System ? null : Errors.Forbidden;
        }

        if (actor.Kind == ActorKind.ApiKey)
        {
            // Keys act only through declared scopes; roles do not apply to them.
            return RequiresUser && Scope is { } scope && actor.Scopes.Contains(scope) ? null : Errors.Forbidden;
        }

        if (!actor.IsAuthenticatedUser)
        {
            return actor.Kind == ActorKind.System ? Errors.Forbidden : Errors.Unauthenticated;
        }

        if (actor.MustChangePassword && !AllowWhilePasswordChangeRequired)
        {
            return Errors.PasswordChangeRequired;
        }

        if (actor.MfaEnrollmentRequired && !AllowWhileMfaEnrollmentRequired)
        {
            return Errors.MfaEnrollmentRequired;
        }

        return Roles.Count == 0 || (actor.Role is { } role && Roles.Contains(role)) ? null : Errors.Forbidden;
    }
}

/// <summary>Per-type cache of <see cref="AccessPolicy"/>.</summary>
public static class AccessPolicy<TMessage>
{
    public static AccessPolicy Value { get; } = AccessPolicy.For(typeof(TMessage));
}
