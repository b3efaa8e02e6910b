using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Connections;

/// <summary>
/// The connections of one Meta app share its app secret (Meta signs every delivery to the app's callback URL with
/// it): a connection joining an app must bring the same secret (or none, and takes the app's), and a new secret
/// given to one connection of an app is the app's new secret, so every connection of the app gets it.
/// </summary>
internal static class ConnectionApps
{
    /// <summary>The app secret the other connections of <paramref name="metaAppId"/> hold, or null when it has none.</summary>
    public static async Task<string?> SharedSecretAsync(IApplicationDbContext db, ISecretProtector protector, string metaAppId, Guid? except, CancellationToken cancellationToken)
    {
        var stored = await db.Connections.AsNoTracking()
            .Where(c => c.MetaAppId == metaAppId && c.DeletedAt == null && c.Id != except)
            .OrderBy(c => c.CreatedAt)
            .Select(c => c.AppSecretProtected)
            .FirstOrDefaultAsync(cancellationToken);
        return stored is null ? null : protector.Unprotect(stored);
    }

    /// <summary>Gives every other connection of <paramref name="metaAppId"/> the app's new secret; answers their ids.</summary>
    public static async Task<List<Guid>> ShareSecretAsync(
        IApplicationDbContext db, ISecretProtector protector, string metaAppId, Guid except, string appSecret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var others = await db.Connections.Where(c => c.MetaAppId == metaAppId && c.DeletedAt == null && c.Id != except).ToListAsync(cancellationToken);
        foreach (var other in others)
        {
            other.ReplaceAppSecret(protector.Protect(appSecret), now);
        }

        return others.Select(c => c.Id).ToList();
    }

    public static bool SameSecret(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    /// <summary>The app-level webhook path of <paramref name="metaAppId"/>.</summary>
    public static string WebhookPath(string metaAppId) => $"/api/v1/webhooks/whatsapp/apps/{metaAppId}";

    public static string? Normalize(string? metaAppId) => string.IsNullOrWhiteSpace(metaAppId) ? null : metaAppId.Trim();

    public const int MaxLength = Connection.MaxMetaAppIdLength;
}
