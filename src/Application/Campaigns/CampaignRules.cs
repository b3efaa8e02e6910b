using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Templates;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Campaigns;

/// <summary>The checks a campaign's settings pass before a draft is stored: the shape (validators) and what the database says.</summary>
public static class CampaignRules
{
    public const string ContactName = "contact.name";
    public const string ContactPhone = "contact.phone";
    public const string ColumnPrefix = "column:";
    public const string TextPrefix = "text:";
    public const int MaxVariableSourceLength = 200;

    /// <summary>A start time this little in the past still counts as now (the request's own travel time and clock skew).</summary>
    public static readonly TimeSpan StartTolerance = TimeSpan.FromMinutes(1);

    /// <summary>Validator rules shared by create and update.</summary>
    public static void Settings<T>(AbstractValidator<T> validator)
        where T : ICampaignSettings
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(c => c.Name).NotEmpty().MaximumLength(Campaign.MaxNameLength)
            .Must(n => n is null || n.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.");
        validator.RuleFor(c => c.ConnectionIds).NotNull()
            .Must(ids => ids is null || (ids.Count is > 0 and <= Campaign.MaxConnections && ids.Distinct().Count() == ids.Count && !ids.Contains(Guid.Empty)))
            .WithMessage($"'{{PropertyName}}' must hold 1 to {Campaign.MaxConnections} distinct connection ids.");
        validator.RuleFor(c => c.Template).NotNull();
        validator.When(c => c.Template is not null, () =>
        {
            validator.RuleFor(c => c.Template.Name).NotEmpty().MaximumLength(Domain.Templates.MessageTemplate.MaxNameLength).OverridePropertyName("template.name");
            validator.RuleFor(c => c.Template.Language).NotEmpty().MaximumLength(Domain.Templates.MessageTemplate.MaxLanguageLength).OverridePropertyName("template.language");
            validator.RuleFor(c => c.Template.Variables)
                .Must(v => v is null || (v.Count <= 50 && v.All(p => p.Key.Length is > 0 and <= 64 && IsSource(p.Value))))
                .WithMessage("'template.variables' maps at most 50 variables (body.1, header.1, button.0) to contact.name, contact.phone, column:<name> or text:<value> (at most 200 characters).")
                .OverridePropertyName("template.variables");
        });
        validator.When(c => c.Schedule is not null, () =>
        {
            validator.RuleFor(c => c.Schedule!.TimeZone)
                .Must(tz => tz is null || (tz.Length <= Campaign.MaxTimeZoneLength && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _)))
                .WithMessage("'schedule.timeZone' must be an IANA time zone such as America/Argentina/Buenos_Aires.")
                .OverridePropertyName("schedule.timeZone");
            validator.RuleFor(c => c.Schedule)
                .Must(s => s!.StopAt is null || s.StartAt is null || s.StopAt > s.StartAt).WithMessage("'schedule.stopAt' must come after 'schedule.startAt'.")
                .Must(s => (s!.AllowedFrom is null) == (s.AllowedUntil is null)).WithMessage("'schedule.allowedFrom' and 'schedule.allowedUntil' go together.")
                .Must(s => s!.AllowedFrom is null || (TryTime(s.AllowedFrom, out var from) && TryTime(s.AllowedUntil, out var until) && from != until))
                .WithMessage("Allowed hours are two different times of day as HH:mm (an end before the start spans midnight).");
        });
        validator.When(c => c.Pace is not null, () =>
        {
            validator.RuleFor(c => c.Pace!.MessagesPerSecond).InclusiveBetween(1, Connection.MaxSendRateLimitPerSecond).OverridePropertyName("pace.messagesPerSecond");
            validator.RuleFor(c => c.Pace!.DailyCap).InclusiveBetween(1, 10_000_000).OverridePropertyName("pace.dailyCap");
        });
    }

    /// <summary>Connections active, the template approved on each with every variable mapped, the queue linked to each, the pace within each connection's rate.</summary>
    public static async Task<Result<CampaignSettings>> CheckAsync(
        IApplicationDbContext db, IReadOnlyList<Guid> connectionIds, CampaignTemplateInput template, Guid? queueId, CampaignScheduleInput? schedule, CampaignPaceInput? pace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(connectionIds);
        ArgumentNullException.ThrowIfNull(template);
        var connections = await db.Connections.AsNoTracking().Include(c => c.Queues)
            .Where(c => connectionIds.Contains(c.Id) && c.DeletedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var id in connectionIds)
        {
            if (connections.SingleOrDefault(c => c.Id == id) is not { Status: ConnectionStatus.Active })
            {
                return CampaignErrors.ConnectionUnavailable(id);
            }
        }

        var variables = template.Variables ?? new Dictionary<string, string>();
        var templates = await db.MessageTemplates.AsNoTracking()
            .Where(t => connectionIds.Contains(t.ConnectionId) && t.Name == template.Name && t.Language == template.Language)
            .ToListAsync(cancellationToken);
        foreach (var id in connectionIds)
        {
            var found = templates.SingleOrDefault(t => t.ConnectionId == id);
            if (found is null || !found.IsApproved)
            {
                return CampaignErrors.TemplateUnusable(id, found is null ? "the connection has no such template" : $"the template is {found.Status}");
            }

            var slots = TemplateDefinition.Slots(found.Components);
            var needed = Keys(slots);
            var optional = TemplateComponents.OptionalKeys(slots);
            var missing = needed.Where(k => !variables.ContainsKey(k)).ToList();
            var extra = variables.Keys.Where(k => !needed.Contains(k) && !optional.Contains(k)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                return CampaignErrors.TemplateUnusable(
                    id,
                    $"template.variables must map exactly {(needed.Count == 0 ? "nothing" : string.Join(", ", needed))}" + (optional.Count > 0 ? $" (and may map {string.Join(", ", optional)})" : string.Empty) + (missing.Count > 0 ? $"; missing {string.Join(", ", missing)}" : string.Empty) + (extra.Count > 0 ? $"; unknown {string.Join(", ", extra)}" : string.Empty));
            }

            var wrong = variables.Select(p => (p.Key, Problem: SourceProblem(slots, p.Key, p.Value))).Where(p => p.Problem is not null).Select(p => $"{p.Key}: {p.Problem}").ToList();
            if (wrong.Count > 0)
            {
                return CampaignErrors.TemplateUnusable(id, string.Join("; ", wrong));
            }
        }

        if (queueId is { } queue && (!await db.Queues.AnyAsync(q => q.Id == queue && q.DeletedAt == null, cancellationToken)
            || connections.Any(c => c.Queues.All(q => q.QueueId != queue))))
        {
            return CampaignErrors.QueueNotLinked;
        }

        var slowest = connections.Min(c => c.SendRateLimitPerSecond);
        if (pace?.MessagesPerSecond is { } rate && rate > slowest)
        {
            return CampaignErrors.PaceTooHigh(slowest);
        }

        TryTime(schedule?.AllowedFrom, out var from);
        TryTime(schedule?.AllowedUntil, out var until);
        return new CampaignSettings(
            template.Name,
            template.Language,
            JsonSerializer.Serialize(variables.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value)),
            connectionIds,
            queueId,
            schedule?.StartAt,
            schedule?.StopAt,
            schedule?.TimeZone ?? "UTC",
            schedule?.AllowedFrom is null ? null : from,
            schedule?.AllowedUntil is null ? null : until,
            pace?.MessagesPerSecond,
            pace?.DailyCap);
    }

    /// <summary>The variable keys a template needs (<see cref="TemplateComponents.RequiredKeys"/>).</summary>
    public static IReadOnlyList<string> Keys(TemplateSlots slots) => TemplateComponents.RequiredKeys(slots);

    /// <summary>
    /// What is wrong with the source of <paramref name="key"/> for the template, known when the draft is saved: a constant
    /// (<c>text:</c>) must fit its slot (an https link for a media header, a coupon code of at most 15 characters, ...),
    /// and a media link or a location's coordinates cannot come from the contact's name or number. A <c>column:</c>
    /// value is checked per recipient when the message is rendered.
    /// </summary>
    public static string? SourceProblem(TemplateSlots slots, string key, string source)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(source);
        if (source.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            return TemplateComponents.ValueProblem(slots, key, source[TextPrefix.Length..]);
        }

        var fromContact = source is ContactName or ContactPhone;
        return fromContact && ((slots.HeaderFormat is "IMAGE" or "VIDEO" or "DOCUMENT" && key == "header.1") || key is TemplateComponents.HeaderLatitude or TemplateComponents.HeaderLongitude)
            ? $"{key} cannot come from {source}; use text:<value> or column:<name>"
            : null;
    }

    private static bool IsSource(string? source) =>
        source is { Length: > 0 and <= MaxVariableSourceLength }
        && (source is ContactName or ContactPhone
            || (source.StartsWith(ColumnPrefix, StringComparison.Ordinal) && source.Length > ColumnPrefix.Length)
            || (source.StartsWith(TextPrefix, StringComparison.Ordinal) && source.Length > TextPrefix.Length));

    private static bool TryTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
