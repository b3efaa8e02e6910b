namespace WhatsSuite.Domain.Queues;

/// <summary>
/// An approved WhatsApp template a queue sends as its out-of-hours reply: by name and language, as WhatsApp names it,
/// with each of its variables (<c>header.1</c>, <c>body.1</c>, <c>button.0</c>, ...) taken from the customer's name
/// (<see cref="ContactName"/>) or a fixed value (<c>text:&lt;value&gt;</c>). Immutable.
/// </summary>
public sealed record OutOfHoursTemplate(string Name, string Language, IReadOnlyDictionary<string, string> Variables)
{
    public const string ContactName = "contact.name";
    public const string TextPrefix = "text:";
    public const int MaxNameLength = 512;
    public const int MaxLanguageLength = 16;
    public const int MaxVariables = 50;
    public const int MaxKeyLength = 64;
    public const int MaxSourceLength = 1024;

    /// <summary>The rules the template's reference keeps (empty when valid); whether the template fits is checked against WhatsApp's definition.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength || string.IsNullOrWhiteSpace(Language) || Language.Length > MaxLanguageLength)
        {
            problems.Add($"outOfHoursTemplate: a name of at most {MaxNameLength} characters and a language of at most {MaxLanguageLength}.");
        }

        if (Variables is null || Variables.Count > MaxVariables
            || Variables.Any(p => p.Key.Length is 0 or > MaxKeyLength || !IsSource(p.Value)))
        {
            problems.Add($"outOfHoursTemplate.variables: at most {MaxVariables}, each mapped to contact.name or text:<value> (at most {MaxSourceLength} characters).");
        }

        return problems;
    }

    /// <summary>Each variable's value for a customer called <paramref name="contactName"/>.</summary>
    public IReadOnlyDictionary<string, string> Render(string contactName) =>
        Variables.ToDictionary(p => p.Key, p => p.Value == ContactName ? contactName : p.Value[TextPrefix.Length..], StringComparer.Ordinal);

    private static bool IsSource(string? source) =>
        source is { Length: > 0 and <= MaxSourceLength }
        && (source == ContactName || (source.StartsWith(TextPrefix, StringComparison.Ordinal) && source.Length > TextPrefix.Length));
}
