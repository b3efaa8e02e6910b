namespace WhatsSuite.Application.Common.Security;

/// <summary>
/// What an API key may do. A message reachable with a key declares the scope it needs with
/// <see cref="RequireScopeAttribute"/>; a key without that scope, or a message without a scope, is refused.
/// </summary>
public static class Scopes
{
    public const string UsersRead = "users:read";
    public const string UsersWrite = "users:write";

    /// <summary>
    /// Widens <see cref="UsersWrite"/> to ADMIN and SUPERVISOR accounts: creating them, changing a role to or
    /// from them, deactivating them or ending their sessions. Without it a key manages AGENTE accounts only,
    /// so it cannot mint an account with more reach than the key itself. Only an ADMIN signed in with MFA can
    /// put it on a key, and only together with <see cref="UsersWrite"/>.
    /// </summary>
    public const string UsersAdmin = "users:admin";
    public const string AuditRead = "audit:read";
    public const string ConversationsRead = "conversations:read";
    public const string MessagesSend = "messages:send";
    public const string ContactsWrite = "contacts:write";

    /// <summary>
    /// Connecting to the real-time desk hub (<c>/hubs/desk</c>) and receiving the events of every conversation, as an
    /// ADMIN's desk does: the visibility <see cref="ConversationsRead"/> stands for, since a key belongs to no queue
    /// (docs/realtime.md, ADR 0023). No presence or queue-membership events: a key is not a user.
    /// </summary>
    public const string DeskSubscribe = "desk:subscribe";

    /// <summary>Every scope a key can be given. Scopes for features still to come are accepted so keys can be prepared.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        UsersRead, UsersWrite, UsersAdmin, AuditRead, ConversationsRead, MessagesSend, ContactsWrite, DeskSubscribe,
    };
}

/// <summary>The scope an API key needs to send this message. Users are governed by their role instead.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequireScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}
