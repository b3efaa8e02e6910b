using System.Text.Json;
using WhatsSuite.Application.Templates;

namespace WhatsSuite.Application.Campaigns;

/// <summary>
/// A recipient's template variables: the campaign maps each variable to a source (<c>contact.name</c>,
/// <c>contact.phone</c>, <c>column:&lt;name&gt;</c>, <c>text:&lt;value&gt;</c>); the ledger row holds the recipient's
/// value of each source (its fields). Rendering picks each variable's value from them.
/// </summary>
public static class CampaignVariables
{
    /// <summary>The campaign's mapping as stored (<see cref="Domain.Campaigns.Campaign.Variables"/>).</summary>
    public static IReadOnlyDictionary<string, string> Mapping(string variables) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(variables) ?? [];

    /// <summary>A recipient's fields for a contact (or a number without one: its name is the number, as WhatsSuite shows it).</summary>
    public static Dictionary<string, string> ContactFields(string phone, string? name) => new(StringComparer.Ordinal)
    {
        [CampaignRules.ContactName] = string.IsNullOrWhiteSpace(name) ? $"+{phone}" : name,
        [CampaignRules.ContactPhone] = $"+{phone}",
    };

    /// <summary>Each variable's value for the recipient whose fields are <paramref name="fieldsJson"/>; a source without a value renders empty.</summary>
    public static IReadOnlyDictionary<string, string> Render(IReadOnlyDictionary<string, string> mapping, string fieldsJson)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(fieldsJson) ?? [];
        return mapping.ToDictionary(
            p => p.Key,
            p => p.Value.StartsWith(CampaignRules.TextPrefix, StringComparison.Ordinal)
                ? p.Value[CampaignRules.TextPrefix.Length..]
                : fields.GetValueOrDefault(Field(p.Value)) ?? string.Empty,
            StringComparer.Ordinal);
    }

    /// <summary>The recipient field a source reads: a <c>column:</c> source names its column without regard to case.</summary>
    public static string Field(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.StartsWith(CampaignRules.ColumnPrefix, StringComparison.Ordinal)
            ? ImportCampaignAudience.AudienceFileColumns.Field(source[CampaignRules.ColumnPrefix.Length..])
            : source;
    }

    /// <summary>The sources of <paramref name="mapping"/> that only an uploaded file can fill (<c>column:&lt;name&gt;</c>).</summary>
    public static IReadOnlyList<string> Columns(IReadOnlyDictionary<string, string> mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping.Values.Where(v => v.StartsWith(CampaignRules.ColumnPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The <c>template</c> object of a Cloud API send request for one recipient, built by <see cref="TemplateComponents"/>
    /// from each variable's rendered value (<c>header.&lt;n&gt;</c> — a media header's https link, a location header's
    /// <c>header.latitude</c>/<c>header.longitude</c> —, <c>body.&lt;n or name&gt;</c>, <c>button.&lt;index&gt;</c>), and
    /// what is wrong with the values for the template (empty when WhatsApp would take them).
    /// </summary>
    public static (string Content, IReadOnlyList<string> Problems) TemplateContent(string name, string language, TemplateSlots slots, IReadOnlyDictionary<string, string> values)
    {
        var (components, problems) = TemplateComponents.FromValues(slots, values);
        return (TemplateComponents.Content(name, language, components), problems);
    }
}
