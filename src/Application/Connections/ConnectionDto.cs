using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Connections;

/// <summary>
/// A WhatsApp connection as the API shows it. The access token and app secret are never shown (only
/// whether they are set); the webhook verify token is shown to ADMINs only, because the administrator copies
/// it, with <see cref="WebhookPath"/> (or, for a number of a Meta app whose numbers share one callback URL,
/// <see cref="AppWebhookPath"/>), into Meta's webhook settings (null for everyone else).
/// <see cref="QualityEvent"/> and <see cref="MessagingLimit"/> are the latest quality and limit WhatsApp
/// reported for the number.
/// </summary>
public sealed record ConnectionDto(
    Guid Id,
    string Name,
    ConnectionProvider Provider,
    string PhoneNumberId,
    string? WabaId,
    string DisplayNumber,
    int SendRateLimitPerSecond,
    ConnectionStatus Status,
    string? StatusReason,
    DateTimeOffset? CredentialsCheckedAt,
    string WebhookPath,
    string? MetaAppId,
    string? AppWebhookPath,
    string? WebhookVerifyToken,
    bool HasAccessToken,
    bool HasAppSecret,
    IReadOnlyList<ConnectionQueueDto> Queues,
    string? QualityEvent,
    string? MessagingLimit,
    DateTimeOffset? QualityUpdatedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A queue linked to a connection.</summary>
public sealed record ConnectionQueueDto(Guid Id, string Name);

/// <summary>Reads connections as DTOs: the connections with their queue links, then the linked queues' names.</summary>
internal static class ConnectionReader
{
    public static string WebhookPath(Guid id) => $"/api/v1/webhooks/whatsapp/{id}";

    public static async Task<ConnectionDto?> ReadAsync(IApplicationDbContext db, ISecretProtector protector, Actor viewer, Guid id, CancellationToken cancellationToken) =>
        (await ReadManyAsync(db, protector, viewer, db.Connections.Where(c => c.Id == id && c.DeletedAt == null), cancellationToken)).SingleOrDefault();

    /// <summary>The connections as <paramref name="viewer"/> may see them: the verify token only for those who manage credentials.</summary>
    public static async Task<List<ConnectionDto>> ReadManyAsync(IApplicationDbContext db, ISecretProtector protector, Actor viewer, IQueryable<Connection> connections, CancellationToken cancellationToken)
    {
        var showVerifyToken = ConnectionCredentialAccess.Allows(viewer);
        var loaded = await connections.AsNoTracking().Include(c => c.Queues).ToListAsync(cancellationToken);
        var queueIds = loaded.SelectMany(c => c.Queues).Select(q => q.QueueId).Distinct().ToList();
        var queues = await db.Queues.AsNoTracking()
            .Where(q => queueIds.Contains(q.Id) && q.DeletedAt == null)
            .Select(q => new { q.Id, q.Name })
            .ToDictionaryAsync(q => q.Id, q => q.Name, cancellationToken);
        return loaded.Select(c => new ConnectionDto(
            c.Id,
            c.Name,
            c.Provider,
            c.PhoneNumberId,
            c.WabaId,
            c.DisplayNumber,
            c.SendRateLimitPerSecond,
            c.Status,
            c.StatusReason,
            c.CredentialsCheckedAt,
            WebhookPath(c.Id),
            c.MetaAppId,
            c.MetaAppId is { } appId ? ConnectionApps.WebhookPath(appId) : null,
            showVerifyToken ? protector.Unprotect(c.WebhookVerifyTokenProtected) : null,
            !string.IsNullOrEmpty(c.AccessTokenProtected),
            !string.IsNullOrEmpty(c.AppSecretProtected),
            c.Queues
                .Where(q => queues.ContainsKey(q.QueueId))
                .Select(q => new ConnectionQueueDto(q.QueueId, queues[q.QueueId]))
                .OrderBy(q => q.Name, StringComparer.Ordinal)
                .ToList(),
            c.QualityEvent,
            c.MessagingLimit,
            c.QualityUpdatedAt,
            c.CreatedAt,
            c.UpdatedAt)).ToList();
    }
}
/// <summary>
/// Who may see a connection's secrets (its webhook verify token) and change its credentials (phone number
/// id, WABA id, access token, app secret), create it or delete it: ADMINs, who must have signed in with MFA
/// when <c>MFA_REQUIRED_ROLES</c> lists ADMIN (the access policy refuses them everything else until then).
/// SUPERVISORs run connections day to day (name, display number, send rate, enabled, queue links,
/// credentials check) but neither read nor replace what lets someone act as the business on WhatsApp.
/// </summary>
internal static class ConnectionCredentialAccess
{
    public const string DenialReason = "credentials_admin_only";

    public static bool Allows(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsAuthenticatedUser && actor.Role == Domain.Users.Role.ADMIN;
    }
}
