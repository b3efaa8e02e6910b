using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Common.Security;

/// <summary>
/// Who is performing the current message, with the request facts the audit trail records.
/// </summary>
public sealed record Actor
{
    public required ActorKind Kind { get; init; }

    /// <summary>User id, <c>job:&lt;name&gt;</c> for the system, or <c>anonymous</c>.</summary>
    public required string Id { get; init; }

    public Guid? UserId { get; init; }

    public Role? Role { get; init; }

    /// <summary>The <c>jti</c> of the access token that authenticated this request.</summary>
    public string? SessionId { get; init; }

    public bool MustChangePassword { get; init; }

    /// <summary>For an API key: its id and the scopes it was given.</summary>
    public Guid? ApiKeyId { get; init; }

    public IReadOnlySet<string> Scopes { get; init; } = new HashSet<string>();

    /// <summary>The user's role requires MFA (<c>MFA_REQUIRED_ROLES</c>) and they have not enrolled yet.</summary>
    public bool MfaEnrollmentRequired { get; init; }

    /// <summary>
    /// The session was opened through the second sign-in step (TOTP or recovery code). Turning MFA on or off
    /// ends every session of the user, so this stays true only while the user still has MFA.
    /// </summary>
    public bool MfaAuthenticated { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }

    public string? RequestId { get; init; }

    public bool IsAuthenticatedUser => Kind == ActorKind.User && UserId is not null;

    public static Actor Anonymous(string? ipAddress = null, string? userAgent = null, string? requestId = null) => new()
    {
        Kind = ActorKind.Anonymous,
        Id = "anonymous",
        IpAddress = ipAddress,
        UserAgent = userAgent,
        RequestId = requestId,
    };

    /// <summary>The system acting for a background job, identified as <c>job:&lt;name&gt;</c>.</summary>
    public static Actor System(string jobName, string? requestId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        return new Actor { Kind = ActorKind.System, Id = $"job:{jobName}", RequestId = requestId };
    }

    public static Actor ForApiKey(Guid apiKeyId, IEnumerable<string> scopes, string? ipAddress, string? userAgent, string? requestId) => new()
    {
        Kind = ActorKind.ApiKey,
        Id = $"apikey:{apiKeyId}",
        ApiKeyId = apiKeyId,
        Scopes = new HashSet<string>(scopes, StringComparer.Ordinal),
        IpAddress = ipAddress,
        UserAgent = userAgent,
        RequestId = requestId,
    };

    public static Actor ForUser(Guid userId, Role role, string? sessionId, bool mustChangePassword, string? ipAddress, string? userAgent, string? requestId) => new()
    {
        Kind = ActorKind.User,
        Id = userId.ToString(),
        UserId = userId,
        Role = role,
        SessionId = sessionId,
        MustChangePassword = mustChangePassword,
        IpAddress = ipAddress,
        UserAgent = userAgent,
        RequestId = requestId,
    };
}
