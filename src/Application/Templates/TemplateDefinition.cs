using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WhatsSuite.Application.Templates;

/// <summary>
/// Reads a template's <c>components</c> array in Meta's definition format (<c>HEADER</c>, <c>BODY</c>, <c>FOOTER</c>,
/// <c>BUTTONS</c>): the local checks made before a template is submitted (Meta's limits on lengths, variables numbered
/// <c>{{1}}</c>..<c>{{n}}</c> without gaps or named <c>{{first_name}}</c>, an example for every variable), and the
/// variables a send must fill (<see cref="Slots"/>).
/// </summary>
public static partial class TemplateDefinition
{
    public const int MaxBodyLength = 1024;
    public const int MaxHeaderTextLength = 60;
    public const int MaxFooterLength = 60;
    public const int MaxButtons = 10;
    public const int MaxButtonTextLength = 25;
    public const int MaxUrlLength = 2000;
    public const int MaxPhoneNumberLength = 20;
    public const int MaxComponentsLength = 16_384;

    private static readonly string[] HeaderFormats = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"];
    private static readonly string[] ButtonTypes = ["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP", "FLOW", "CATALOG", "MPM", "VOICE_CALL"];

    /// <summary>The problems of a definition, each as (field path, message); empty when Meta's local rules hold.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(JsonElement components)
    {
        var problems = new List<(string, string)>();
        if (components.ValueKind != JsonValueKind.Array || components.GetArrayLength() == 0)
        {
            problems.Add(("components", "'components' must be a non-empty array of HEADER, BODY, FOOTER and BUTTONS objects."));
            return problems;
        }

        if (components.GetRawText().Length > MaxComponentsLength)
        {
            problems.Add(("components", $"'components' must be at most {MaxComponentsLength} characters of JSON."));
            return problems;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var component in components.EnumerateArray())
        {
            var path = $"components[{index++}]";
            if (component.ValueKind != JsonValueKind.Object)
            {
                problems.Add((path, "Each component must be an object."));
                continue;
            }

            var type = Upper(Text(component, "type"));
            if (type is null || !seen.Add(type))
            {
                problems.Add(($"{path}.type", type is null ? "'type' is required." : $"Only one {type} component is allowed."));
                continue;
            }

            switch (type)
            {
                case "HEADER":
                    ValidateHeader(component, path, problems);
                    break;
                case "BODY":
                    ValidateBody(component, path, problems);
                    break;
                case "FOOTER":
                    ValidateText(component, path, MaxFooterLength, problems);
                    if (Variables(Text(component, "text")).Count > 0)
                    {
                        problems.Add(($"{path}.text", "A footer cannot have variables."));
                    }

                    break;
                case "BUTTONS":
                    ValidateButtons(component, path, problems);
                    break;
                default:
                    problems.Add(($"{path}.type", "'type' must be HEADER, BODY, FOOTER or BUTTONS."));
                    break;
            }
        }

        if (!seen.Contains("BODY"))
        {
            problems.Add(("components", "A template needs a BODY component."));
        }

        return problems;
    }

    /// <summary>What a send must fill, read from a stored definition (unknown shapes require nothing).</summary>
    public static TemplateSlots Slots(string componentsJson)
    {
        ArgumentNullException.ThrowIfNull(componentsJson);
        var header = 0;
        string? headerFormat = null;
        IReadOnlyList<string> body = [];
        var buttons = new List<int>();
        var kinds = new Dictionary<int, string>();
        using var document = JsonDocument.Parse(componentsJson);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return new TemplateSlots(0, null, [], [], kinds);
        }

        foreach (var component in document.RootElement.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
        {
            switch (Upper(Text(component, "type")))
            {
                case "HEADER":
                    headerFormat = Upper(Text(component, "format")) ?? "TEXT";
                    header = headerFormat is "IMAGE" or "VIDEO" or "DOCUMENT" or "LOCATION" ? 1 : Variables(Text(component, "text")).Count;
                    break;
                case "BODY":
                    body = Variables(Text(component, "text"));
                    break;
                case "BUTTONS" when component.TryGetProperty("buttons", out var list) && list.ValueKind == JsonValueKind.Array:
                    var i = 0;
                    foreach (var button in list.EnumerateArray())
                    {
                        var buttonType = button.ValueKind == JsonValueKind.Object ? Upper(Text(button, "type")) : null;
                        var kind = buttonType switch
                        {
                            "URL" when Variables(Text(button, "url")).Count > 0 => TemplateButtonKinds.Url,
                            "OTP" => TemplateButtonKinds.Otp,
                            "COPY_CODE" => TemplateButtonKinds.CopyCode,
                            "QUICK_REPLY" => TemplateButtonKinds.QuickReply,
                            "FLOW" => TemplateButtonKinds.Flow,
                            _ => null,
                        };
                        if (kind is not null)
                        {
                            kinds[i] = kind;
                        }

                        if (kind is TemplateButtonKinds.Url or TemplateButtonKinds.Otp or TemplateButtonKinds.CopyCode)
                        {
                            buttons.Add(i);
                        }

                        i++;
                    }

                    break;
            }
        }

        return new TemplateSlots(header, headerFormat, body, buttons, kinds);
    }

    /// <summary>
    /// The variables a send's <c>components</c> (Cloud API send format: <c>header</c>, <c>body</c>, <c>button</c> with
    /// <c>index</c>) leave unfilled or overfill; empty when every slot has exactly its parameters, each with a value.
    /// </summary>
    public static IReadOnlyList<string> Unfilled(TemplateSlots slots, JsonElement? components)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var header = new List<JsonElement>();
        var body = new List<JsonElement>();
        var buttons = new Dictionary<int, List<JsonElement>>();
        if (components is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var component in array.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
            {
                var parameters = component.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToList() : [];
                switch (Text(component, "type")?.ToLowerInvariant())
                {
                    case "header":
                        header.AddRange(parameters);
                        break;
                    case "body":
                        body.AddRange(parameters);
                        break;
                    case "button" when ButtonIndex(component) is { } index:
                        buttons[index] = parameters;
                        break;
                }
            }
        }

        var problems = new List<string>();
        if (header.Count != slots.Header)
        {
            problems.Add($"the header takes {slots.Header} parameter(s), {header.Count} given");
        }

        if (body.Count != slots.Body.Count)
        {
            problems.Add($"the body takes {slots.Body.Count} parameter(s), {body.Count} given");
        }
        else if (slots.Body.Count > 0 && !char.IsAsciiDigit(slots.Body[0][0]))
        {
            var named = body.Select(b => b.ValueKind == JsonValueKind.Object ? Text(b, "parameter_name") : null).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(slots.Body.Where(n => !named.Contains(n)).Select(n => $"the body variable {{{{{n}}}}} has no parameter"));
        }

        foreach (var index in slots.Buttons)
        {
            if (!buttons.TryGetValue(index, out var parameters) || parameters.Count == 0)
            {
                problems.Add($"button {index} takes a parameter, none given");
            }
        }

        if (header.Concat(body).Concat(buttons.Values.SelectMany(b => b)).Any(p => !HasValue(p)))
        {
            problems.Add("every parameter needs a value");
        }

        return problems;
    }

    /// <summary>The distinct variables of a text in order of first appearance (<c>1</c>, <c>2</c> or <c>first_name</c>).</summary>
    public static IReadOnlyList<string> Variables(string? text) =>
        text is null ? [] : Variable().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    private static void ValidateHeader(JsonElement component, string path, List<(string, string)> problems)
    {
        var format = Upper(Text(component, "format"));
        if (format is null || !HeaderFormats.Contains(format))
        {
            problems.Add(($"{path}.format", "'format' must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION."));
            return;
        }

        if (format == "TEXT")
        {
            ValidateText(component, path, MaxHeaderTextLength, problems);
            var variables = Variables(Text(component, "text"));
            if (variables.Count > 1 || (variables.Count == 1 && variables[0] != "1" && !IsName(variables[0])))
            {
                problems.Add(($"{path}.text", "A text header has at most one variable."));
            }
            else if (variables.Count == 1 && !HasExamples(component, "header_text", 1) && !HasNamedExamples(component, "header_text_named_params", variables))
            {
                problems.Add(($"{path}.example", "The header variable needs an example (example.header_text)."));
            }
        }
        else if (format != "LOCATION" && !HasExamples(component, "header_handle", 1))
        {
            problems.Add(($"{path}.example", "A media header needs a sample (example.header_handle)."));
        }
    }

    private static void ValidateBody(JsonElement component, string path, List<(string, string)> problems)
    {
        if (!ValidateText(component, path, MaxBodyLength, problems))
        {
            return;
        }

        var variables = Variables(Text(component, "text"));
        if (variables.Count == 0)
        {
            return;
        }

        if (variables.All(v => v.All(char.IsAsciiDigit)))
        {
            var numbers = variables.Select(v => int.Parse(v, CultureInfo.InvariantCulture)).Order().ToList();
            if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Count)))
            {
                problems.Add(($"{path}.text", "Variables must be numbered {{1}} to {{n}} without gaps."));
                return;
            }

            if (!component.TryGetProperty("example", out var example) || !example.TryGetProperty("body_text", out var rows)
                || rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() != 1
                || rows[0].ValueKind != JsonValueKind.Array || rows[0].GetArrayLength() != numbers.Count
                || rows[0].EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
            {
                problems.Add(($"{path}.example", $"The body needs one example per variable (example.body_text: [[{numbers.Count} values]])."));
            }
        }
        else if (variables.All(IsName))
        {
            if (!HasNamedExamples(component, "body_text_named_params", variables))
            {
                problems.Add(($"{path}.example", "Each named variable needs an example (example.body_text_named_params)."));
            }
        }
        else
        {
            problems.Add(($"{path}.text", "Variables are either all numbered ({{1}}) or all named ({{first_name}}: lower-case letters, digits and underscores)."));
        }
    }

    private static void ValidateButtons(JsonElement component, string path, List<(string, string)> problems)
    {
        if (!component.TryGetProperty("buttons", out var buttons) || buttons.ValueKind != JsonValueKind.Array
            || buttons.GetArrayLength() is 0 or > MaxButtons)
        {
            problems.Add(($"{path}.buttons", $"'buttons' must hold 1 to {MaxButtons} buttons."));
            return;
        }

        var index = 0;
        foreach (var button in buttons.EnumerateArray())
        {
            var at = $"{path}.buttons[{index++}]";
            var type = button.ValueKind == JsonValueKind.Object ? Upper(Text(button, "type")) : null;
            if (type is null || !ButtonTypes.Contains(type))
            {
                problems.Add(($"{at}.type", $"'type' must be one of {string.Join(", ", ButtonTypes)}."));
                continue;
            }

            var text = Text(button, "text");
            if (type != "COPY_CODE" && (string.IsNullOrWhiteSpace(text) || text.Length > MaxButtonTextLength))
            {
                problems.Add(($"{at}.text", $"'text' is required and at most {MaxButtonTextLength} characters long."));
            }

            if (type == "URL")
            {
                var url = Text(button, "url");
                var variables = Variables(url);
                if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(($"{at}.url", $"'url' must be an https URL of at most {MaxUrlLength} characters."));
                }
                else if (variables.Count > 1 || (variables.Count == 1 && (variables[0] != "1" || !url.EndsWith("{{1}}", StringComparison.Ordinal))))
                {
                    problems.Add(($"{at}.url", "A URL takes one variable, {{1}}, at its end."));
                }
                else if (variables.Count == 1 && !HasExamples(button, null, 1))
                {
                    problems.Add(($"{at}.example", "The URL variable needs an example (example: [\"https://...\"])."));
                }
            }
            else if (type == "PHONE_NUMBER")
            {
                var phone = Text(button, "phone_number");
                if (string.IsNullOrWhiteSpace(phone) || phone.Length > MaxPhoneNumberLength)
                {
                    problems.Add(($"{at}.phone_number", $"'phone_number' is required and at most {MaxPhoneNumberLength} characters long."));
                }
            }
        }
    }

    private static bool ValidateText(JsonElement component, string path, int max, List<(string, string)> problems)
    {
        var text = Text(component, "text");
        if (string.IsNullOrWhiteSpace(text) || text.Length > max)
        {
            problems.Add(($"{path}.text", $"'text' is required and at most {max} characters long."));
            return false;
        }

        return true;
    }

    /// <summary><c>example.{key}</c> (or <c>example</c> itself when <paramref name="key"/> is null) is an array of <paramref name="count"/> non-blank strings.</summary>
    private static bool HasExamples(JsonElement owner, string? key, int count)
    {
        if (!owner.TryGetProperty("example", out var example))
        {
            return false;
        }

        var values = example;
        if (key is not null && (example.ValueKind != JsonValueKind.Object || !example.TryGetProperty(key, out values)))
        {
            return false;
        }

        return values.ValueKind == JsonValueKind.Array && values.GetArrayLength() == count
            && values.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()));
    }

    private static bool HasNamedExamples(JsonElement owner, string key, IReadOnlyList<string> names)
    {
        if (!owner.TryGetProperty("example", out var example) || example.ValueKind != JsonValueKind.Object
            || !example.TryGetProperty(key, out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var given = values.EnumerateArray()
            .Where(v => v.ValueKind == JsonValueKind.Object && !string.IsNullOrWhiteSpace(Text(v, "example")))
            .Select(v => Text(v, "param_name"))
            .ToHashSet(StringComparer.Ordinal);
        return names.All(given.Contains);
    }

    private static bool HasValue(JsonElement parameter)
    {
        if (parameter.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var type = Text(parameter, "type")?.ToLowerInvariant();
        if (type is null)
        {
            return false;
        }

        if (type is "text" or "payload" or "coupon_code")
        {
            return !string.IsNullOrWhiteSpace(Text(parameter, type));
        }

        // Media, currency, date_time, location, action: the object of that name must be there.
        return parameter.TryGetProperty(type, out var value) && value.ValueKind == JsonValueKind.Object;
    }

    internal static int? ButtonIndex(JsonElement component)
    {
        if (!component.TryGetProperty("index", out var index))
        {
            return null;
        }

        return index.ValueKind switch
        {
            JsonValueKind.Number when index.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(index.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    private static bool IsName(string variable) => NamedVariable().IsMatch(variable);

    internal static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Upper(string? value) => value?.Trim().ToUpperInvariant();

    [GeneratedRegex(@"\{\{([^{}]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamedVariable();
}

/// <summary>
/// The variables a send of a template must fill: <see cref="Header"/> parameters (one for a media or location header),
/// the <see cref="Body"/> variables (numbers or names) and the indexes of buttons that take a parameter; with the
/// header's format (<c>TEXT</c>, <c>IMAGE</c>, <c>VIDEO</c>, <c>DOCUMENT</c>, <c>LOCATION</c>, null without a header)
/// and the kind of every button that may carry a parameter (<see cref="TemplateButtonKinds"/>).
/// </summary>
public sealed record TemplateSlots(int Header, string? HeaderFormat, IReadOnlyList<string> Body, IReadOnlyList<int> Buttons, IReadOnlyDictionary<int, string> ButtonKinds)
{
    /// <summary>The header is an image, video, document or location: one parameter of that type, not text.</summary>
    public bool HeaderMedia => HeaderFormat is "IMAGE" or "VIDEO" or "DOCUMENT" or "LOCATION";

    /// <summary>The body's variables are named (<c>{{first_name}}</c>) rather than numbered.</summary>
    public bool NamedBody => Body.Count > 0 && !char.IsAsciiDigit(Body[0][0]);
}

/// <summary>
/// The buttons whose send takes a parameter: a URL button with a variable (<c>url</c>), an authentication template's
/// one-time-password button (<c>otp</c>, sent as a URL button with the code as text), a coupon's copy-code button
/// (<c>copy_code</c>); and those that may take one: a quick reply's <c>payload</c>, a flow's <c>action</c>.
/// </summary>
public static class TemplateButtonKinds
{
    public const string Url = "url";
    public const string Otp = "otp";
    public const string CopyCode = "copy_code";
    public const string QuickReply = "quick_reply";
    public const string Flow = "flow";
}
