namespace WhatsSuite.Domain.Templates;

/// <summary>
/// A WhatsApp message template of a connection's WhatsApp Business Account, as Meta knows it: name and language
/// (unique per connection), category, review status and the components (header, body, footer, buttons) with their
/// variables. Templates come from Meta (a sync, or a submission answered by Meta) and their status follows Meta's
/// <c>message_template_status_update</c> webhooks; a status never goes back to an older report.
/// </summary>
public sealed class MessageTemplate
{
    public const int MaxNameLength = 512;
    public const int MaxLanguageLength = 16;
    public const int MaxCategoryLength = 32;
    public const int MaxStatusLength = 32;
    public const int MaxMetaIdLength = 64;
    public const int MaxReasonLength = 500;

    private MessageTemplate()
    {
        Name = string.Empty;
        Language = string.Empty;
        Category = string.Empty;
        Status = string.Empty;
        Components = "[]";
    }

    public Guid Id { get; private set; }

    /// <summary>The connection whose WABA holds the template (numbers of one WABA each keep their copy).</summary>
    public Guid ConnectionId { get; private set; }

    /// <summary>Meta's template id.</summary>
    public string? MetaTemplateId { get; private set; }

    public string Name { get; private set; }

    /// <summary>Meta's language code (<c>es</c>, <c>en_US</c>, <c>pt_BR</c>).</summary>
    public string Language { get; private set; }

    /// <summary><c>MARKETING</c>, <c>UTILITY</c> or <c>AUTHENTICATION</c>.</summary>
    public string Category { get; private set; }

    /// <summary>Meta's review status (<see cref="MessageTemplateStatus"/>).</summary>
    public string Status { get; private set; }

    /// <summary>Why Meta rejected, paused or disabled it, when it said.</summary>
    public string? StatusReason { get; private set; }

    /// <summary>The <c>components</c> array as Meta returns it (JSON).</summary>
    public string Components { get; private set; }

    /// <summary>When the status Meta reported was true; a report older than this is ignored.</summary>
    public DateTimeOffset StatusAt { get; private set; }

    public DateTimeOffset? SyncedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsApproved => Status == MessageTemplateStatus.Approved;

    /// <summary>A template as Meta listed it.</summary>
    public static MessageTemplate FromMeta(
        Guid connectionId,
        string? metaTemplateId,
        string name,
        string language,
        string category,
        string status,
        string? statusReason,
        string components,
        bool synced,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        var template = new MessageTemplate
        {
            Id = Guid.CreateVersion7(now),
            ConnectionId = connectionId,
            Name = name,
            Language = language,
            CreatedAt = now,
        };
        template.Apply(metaTemplateId, category, status, statusReason, components, now);
        template.SyncedAt = synced ? now : null;
        return template;
    }

    /// <summary>What a sync read from Meta; returns whether anything changed.</summary>
    public bool ApplySync(string? metaTemplateId, string category, string status, string? statusReason, string components, DateTimeOffset now)
    {
        var changed = MetaTemplateId != metaTemplateId || Category != category || Status != status || StatusReason != Cut(statusReason) || Components != components;
        Apply(metaTemplateId, category, status, statusReason, components, now);
        SyncedAt = now;
        return changed;
    }

    /// <summary>
    /// A status Meta reported at <paramref name="at"/> (webhook); ignored, returning false, when an equally recent or
    /// newer status is already known.
    /// </summary>
    public bool ApplyStatusReport(string status, string? reason, DateTimeOffset at, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        if (at < StatusAt)
        {
            return false;
        }

        Status = Normalize(status);
        StatusReason = Cut(reason);
        StatusAt = at;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Meta no longer lists the template: it was deleted there.</summary>
    public bool MarkDeleted(DateTimeOffset now)
    {
        if (Status == MessageTemplateStatus.Deleted)
        {
            return false;
        }

        Status = MessageTemplateStatus.Deleted;
        StatusReason = null;
        StatusAt = now;
        SyncedAt = now;
        UpdatedAt = now;
        return true;
    }

    private void Apply(string? metaTemplateId, string category, string status, string? statusReason, string components, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        ArgumentException.ThrowIfNullOrWhiteSpace(components);
        MetaTemplateId = string.IsNullOrWhiteSpace(metaTemplateId) ? MetaTemplateId : metaTemplateId;
        Category = Normalize(category);
        Status = Normalize(status);
        StatusReason = Cut(statusReason);
        Components = components;

        // WhatsApp stamps its reports to the second: a report of the same second as this reading still applies.
        StatusAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), now.Offset);
        UpdatedAt = now;
    }

    private static string Normalize(string value) => value.Trim().ToUpperInvariant();

    /// <summary>Meta says <c>NONE</c> when there is no reason.</summary>
    private static string? Cut(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim() == "NONE" ? null : reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
}

/// <summary>Meta's template statuses that WhatsSuite acts on; others are stored as Meta sends them.</summary>
public static class MessageTemplateStatus
{
    public const string Approved = "APPROVED";
    public const string Pending = "PENDING";
    public const string Rejected = "REJECTED";
    public const string Paused = "PAUSED";
    public const string Disabled = "DISABLED";
    public const string Deleted = "DELETED";
}

/// <summary>Meta's template categories.</summary>
public static class MessageTemplateCategory
{
    public const string Marketing = "MARKETING";
    public const string Utility = "UTILITY";
    public const string Authentication = "AUTHENTICATION";

    public static readonly IReadOnlyList<string> All = [Marketing, Utility, Authentication];
}
