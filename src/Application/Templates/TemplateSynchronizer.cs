using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Templates;

/// <summary>
/// Reads every page of a connection's templates from WhatsApp (<c>GET {waba-id}/message_templates</c>) and makes the
/// stored ones match: new ones are added, changed ones updated, ones Meta no longer lists become DELETED. Nothing is
/// stored unless every page was read.
/// </summary>
public sealed class TemplateSynchronizer(IApplicationDbContext db, ISecretProtector protector, IWhatsAppGatewayResolver gateways, TimeProvider clock)
{
    /// <summary>At most this many pages are read (100 templates each); Meta allows far fewer templates per account.</summary>
    public const int MaxPages = 100;

    public async Task<Result<TemplateSyncDto>> SyncAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == connectionId && c.DeletedAt == null, cancellationToken);
        if (connection is null || connection.Status != ConnectionStatus.Active)
        {
            return TemplateErrors.ConnectionUnavailable;
        }

        var credentials = new GatewayCredentials(
            connection.Id, connection.PhoneNumberId, connection.WabaId, connection.DisplayNumber, protector.Unprotect(connection.AccessTokenProtected));
        var gateway = gateways.For(connection.Provider);
        var listed = new List<GatewayTemplate>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await gateway.ListTemplatesAsync(credentials, after, cancellationToken);
            if (result.Error is { } error)
            {
                return Failure(error);
            }

            listed.AddRange(result.Templates);
            after = result.After;
            if (after is null)
            {
                break;
            }
        }

        var now = clock.GetUtcNow();
        var stored = await db.MessageTemplates.Where(t => t.ConnectionId == connectionId).ToListAsync(cancellationToken);
        var byKey = stored.ToDictionary(t => (t.Name, t.Language));
        int added = 0, updated = 0, deleted = 0;
        var seen = new HashSet<(string, string)>();
        foreach (var template in listed.Where(t => t.Name.Length <= MessageTemplate.MaxNameLength && t.Language.Length <= MessageTemplate.MaxLanguageLength))
        {
            if (!seen.Add((template.Name, template.Language)))
            {
                continue;
            }

            var metaId = template.Id is { Length: <= MessageTemplate.MaxMetaIdLength } id ? id : null;
            var status = Cut(template.Status, MessageTemplate.MaxStatusLength);
            var category = Cut(template.Category, MessageTemplate.MaxCategoryLength);
            if (byKey.TryGetValue((template.Name, template.Language), out var existing))
            {
                updated += existing.ApplySync(metaId, category, status, template.Reason, template.ComponentsJson, now) ? 1 : 0;
            }
            else
            {
                db.MessageTemplates.Add(MessageTemplate.FromMeta(connectionId, metaId, template.Name, template.Language, category, status, template.Reason, template.ComponentsJson, synced: true, now));
                added++;
            }
        }

        foreach (var gone in stored.Where(t => !seen.Contains((t.Name, t.Language))))
        {
            deleted += gone.MarkDeleted(now) ? 1 : 0;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            return TemplateErrors.SyncConflict;
        }

        return new TemplateSyncDto(connectionId, seen.Count, added, updated, deleted, now);
    }

    /// <summary>The error a refused or failed Graph call answers with.</summary>
    public static Error Failure(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code == GatewayErrorCodes.WabaIdMissing)
        {
            return TemplateErrors.WabaIdMissing;
        }

        return GatewayErrorCodes.IsUnavailable(error.Code) ? TemplateErrors.WhatsAppUnavailable : TemplateErrors.RefusedByWhatsApp(error.Code, error.Title);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>What a sync did: templates WhatsApp listed, and how many were added, updated and marked deleted.</summary>
public sealed record TemplateSyncDto(Guid ConnectionId, int Listed, int Added, int Updated, int Deleted, DateTimeOffset SyncedAt);
