using System.Text.Json;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Templates;

/// <summary>
/// A message template of a connection: Meta's id, name, language, category, review status (with Meta's reason) and
/// components in Meta's definition format, with the variables a send must fill.
/// </summary>
public sealed record TemplateDto(
    Guid Id,
    Guid ConnectionId,
    string? MetaTemplateId,
    string Name,
    string Language,
    string Category,
    string Status,
    string? StatusReason,
    JsonElement Components,
    TemplateVariablesDto Variables,
    DateTimeOffset StatusAt,
    DateTimeOffset? SyncedAt,
    DateTimeOffset UpdatedAt)
{
    public static TemplateDto From(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var slots = TemplateDefinition.Slots(template.Components);
        using var components = JsonDocument.Parse(template.Components);
        return new TemplateDto(
            template.Id,
            template.ConnectionId,
            template.MetaTemplateId,
            template.Name,
            template.Language,
            template.Category,
            template.Status,
            template.StatusReason,
            components.RootElement.Clone(),
            new TemplateVariablesDto(slots.Header, slots.HeaderFormat, slots.Body, slots.Buttons),
            template.StatusAt,
            template.SyncedAt,
            template.UpdatedAt);
    }
}

/// <summary>
/// What a send fills: the header's parameters and its format (<c>TEXT</c>, <c>IMAGE</c>, <c>VIDEO</c>, <c>DOCUMENT</c>,
/// <c>LOCATION</c>; null without a header), the body's variables (<c>1</c>, <c>2</c> or names) and the buttons (by index) that take one.
/// </summary>
public sealed record TemplateVariablesDto(int Header, string? HeaderFormat, IReadOnlyList<string> Body, IReadOnlyList<int> Buttons);
