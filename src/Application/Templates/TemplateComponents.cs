using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WhatsSuite.Application.Templates;

/// <summary>
/// The one builder and checker of a template send's <c>components</c> (Cloud API send format). Each slot of the
/// template's definition takes its own parameter type: a text header <c>text</c>; an IMAGE, VIDEO or DOCUMENT header
/// <c>{"type":"image","image":{"link":"https://..."}}</c> (a document may add <c>filename</c>); a LOCATION header
/// <c>{"type":"location","location":{latitude, longitude, name?, address?}}</c>; the body <c>text</c> (with
/// <c>parameter_name</c> when named; <c>currency</c> and <c>date_time</c> too); a URL button's or an authentication
/// template's OTP button's <c>text</c> (<c>sub_type: url</c>); a coupon's copy-code button
/// <c>{"type":"coupon_code","coupon_code":...}</c> (<c>sub_type: copy_code</c>); a quick reply's optional
/// <c>payload</c>; a flow's optional <c>action</c>. Campaigns and out-of-hours replies build from one value per key
/// (<see cref="FromValues"/>); single sends give the components themselves, which are checked (<see cref="Invalid"/>)
/// and get each button's <c>sub_type</c> and <c>index</c> from the definition (<see cref="Normalize"/>).
/// </summary>
public static class TemplateComponents
{
    /// <summary>Meta: a coupon code is at most 15 characters.</summary>
    public const int MaxCouponCodeLength = 15;

    /// <summary>Meta: a one-time password is at most 15 characters.</summary>
    public const int MaxOtpLength = 15;

    /// <summary>Meta: a text header is at most 60 characters, its parameter included.</summary>
    public const int MaxHeaderTextLength = TemplateDefinition.MaxHeaderTextLength;

    /// <summary>Meta: a body is at most 1,024 characters.</summary>
    public const int MaxBodyTextLength = TemplateDefinition.MaxBodyLength;

    /// <summary>A media link or a URL button's suffix: at most 2,000 characters, as a URL button's definition.</summary>
    public const int MaxLinkLength = TemplateDefinition.MaxUrlLength;

    /// <summary>WhatsSuite's bound on a document's file name, a quick reply's payload and a location's name or address (Meta publishes none).</summary>
    public const int MaxFreeTextLength = 1000;

    public const string HeaderFileName = "header.filename";
    public const string HeaderLatitude = "header.latitude";
    public const string HeaderLongitude = "header.longitude";
    public const string HeaderLocationName = "header.name";
    public const string HeaderLocationAddress = "header.address";

    /// <summary>The keys a value-based send must fill: <c>header.&lt;n&gt;</c> (a media header's link is <c>header.1</c>;
    /// a location header's <c>header.latitude</c> and <c>header.longitude</c>), <c>body.&lt;variable&gt;</c>, <c>button.&lt;index&gt;</c>.</summary>
    public static IReadOnlyList<string> RequiredKeys(TemplateSlots slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        IEnumerable<string> header = slots.HeaderFormat == "LOCATION"
            ? [HeaderLatitude, HeaderLongitude]
            : Enumerable.Range(1, slots.Header).Select(i => $"header.{i}");
        return header
            .Concat(slots.Body.Select(v => $"body.{v}"))
            .Concat(slots.Buttons.Select(i => $"button.{i}"))
            .ToList();
    }

    /// <summary>The keys a value-based send may fill: a document's <c>header.filename</c>, a location's <c>header.name</c> and
    /// <c>header.address</c>, a quick reply's payload <c>button.&lt;index&gt;</c>.</summary>
    public static IReadOnlyList<string> OptionalKeys(TemplateSlots slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        IEnumerable<string> header = slots.HeaderFormat switch
        {
            "DOCUMENT" => [HeaderFileName],
            "LOCATION" => [HeaderLocationName, HeaderLocationAddress],
            _ => [],
        };
        return header
            .Concat(slots.ButtonKinds.Where(k => k.Value == TemplateButtonKinds.QuickReply).Select(k => $"button.{k.Key}"))
            .ToList();
    }

    /// <summary>
    /// The components for one value per key (<see cref="RequiredKeys"/>, <see cref="OptionalKeys"/>), and what is wrong
    /// with them (empty when WhatsApp would take them): the same checks as a single send's.
    /// </summary>
    public static (JsonArray Components, IReadOnlyList<string> Problems) FromValues(TemplateSlots slots, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(values);
        string Value(string key) => values.GetValueOrDefault(key) ?? string.Empty;
        string? Optional(string key) => values.GetValueOrDefault(key) is { } v && !string.IsNullOrWhiteSpace(v) ? v : null;

        var components = new JsonArray();
        var header = new JsonArray();
        switch (slots.HeaderFormat)
        {
            case "IMAGE" or "VIDEO" or "DOCUMENT":
                var type = slots.HeaderFormat.ToLowerInvariant();
                var media = new JsonObject { ["link"] = Value("header.1") };
                if (slots.HeaderFormat == "DOCUMENT" && Optional(HeaderFileName) is { } fileName)
                {
                    media["filename"] = fileName;
                }

                header.Add(new JsonObject { ["type"] = type, [type] = media });
                break;
            case "LOCATION":
                var location = new JsonObject { ["latitude"] = Value(HeaderLatitude), ["longitude"] = Value(HeaderLongitude) };
                if (Optional(HeaderLocationName) is { } name)
                {
                    location["name"] = name;
                }

                if (Optional(HeaderLocationAddress) is { } address)
                {
                    location["address"] = address;
                }

                header.Add(new JsonObject { ["type"] = "location", ["location"] = location });
                break;
            default:
                for (var i = 1; i <= slots.Header; i++)
                {
                    header.Add(new JsonObject { ["type"] = "text", ["text"] = Value($"header.{i}") });
                }

                break;
        }

        if (header.Count > 0)
        {
            components.Add(new JsonObject { ["type"] = "header", ["parameters"] = header });
        }

        if (slots.Body.Count > 0)
        {
            var named = slots.NamedBody;
            components.Add(new JsonObject
            {
                ["type"] = "body",
                ["parameters"] = new JsonArray(slots.Body.Select(v =>
                {
                    var parameter = new JsonObject { ["type"] = "text" };
                    if (named)
                    {
                        parameter["parameter_name"] = v;
                    }

                    parameter["text"] = Value($"body.{v}");
                    return (JsonNode)parameter;
                }).ToArray()),
            });
        }

        foreach (var (index, kind) in slots.ButtonKinds.OrderBy(k => k.Key))
        {
            var key = $"button.{index}";
            JsonObject? parameter = kind switch
            {
                TemplateButtonKinds.Url or TemplateButtonKinds.Otp => new JsonObject { ["type"] = "text", ["text"] = Value(key) },
                TemplateButtonKinds.CopyCode => new JsonObject { ["type"] = "coupon_code", ["coupon_code"] = Value(key) },
                TemplateButtonKinds.QuickReply when Optional(key) is { } payload => new JsonObject { ["type"] = "payload", ["payload"] = payload },
                _ => null,
            };
            if (parameter is not null)
            {
                components.Add(Button(index, kind, new JsonArray(parameter)));
            }
        }

        using var document = JsonDocument.Parse(components.ToJsonString());
        var problems = TemplateDefinition.Unfilled(slots, document.RootElement).Concat(Invalid(slots, document.RootElement)).Distinct(StringComparer.Ordinal).ToList();
        return (components, problems);
    }

    /// <summary>What is wrong with one constant value for <paramref name="key"/> (null when it fits its slot), checked when a campaign or a reply is set.</summary>
    public static string? ValueProblem(TemplateSlots slots, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key.StartsWith("header.", StringComparison.Ordinal))
        {
            return (slots.HeaderFormat, key) switch
            {
                ("IMAGE" or "VIDEO" or "DOCUMENT", "header.1") => LinkProblem($"the header {slots.HeaderFormat.ToLowerInvariant()}", value),
                ("DOCUMENT", HeaderFileName) => LengthProblem("the header document's file name", value, MaxFreeTextLength),
                ("LOCATION", HeaderLatitude) => CoordinateProblem("latitude", value, 90),
                ("LOCATION", HeaderLongitude) => CoordinateProblem("longitude", value, 180),
                ("LOCATION", HeaderLocationName or HeaderLocationAddress) => LengthProblem($"the header location's {key["header.".Length..]}", value, MaxFreeTextLength),
                _ => LengthProblem("a header parameter", value, MaxHeaderTextLength),
            };
        }

        if (key.StartsWith("body.", StringComparison.Ordinal))
        {
            return LengthProblem("a body parameter", value, MaxBodyTextLength);
        }

        if (key.StartsWith("button.", StringComparison.Ordinal)
            && int.TryParse(key["button.".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && slots.ButtonKinds.TryGetValue(index, out var kind))
        {
            return ButtonValueProblem(index, kind, value);
        }

        return null;
    }

    /// <summary>
    /// The parameters of a send's <c>components</c> that do not fit the type of their slot (a text for an image header,
    /// a link that is not https, a coupon code over 15 characters, a parameter for a button that takes none, ...);
    /// empty when each fits. Counts are <see cref="TemplateDefinition.Unfilled"/>'s part.
    /// </summary>
    public static IReadOnlyList<string> Invalid(TemplateSlots slots, JsonElement? components)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var problems = new List<string>();
        if (components is not { ValueKind: JsonValueKind.Array } array)
        {
            return problems;
        }

        foreach (var component in array.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
        {
            var parameters = component.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Array
                ? p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToList()
                : [];
            switch (TemplateDefinition.Text(component, "type")?.ToLowerInvariant())
            {
                case "header":
                    problems.AddRange(parameters.Select(x => HeaderProblem(slots.HeaderFormat, x)).OfType<string>());
                    break;
                case "body":
                    problems.AddRange(parameters.Select(BodyProblem).OfType<string>());
                    break;
                case "button":
                    var index = TemplateDefinition.ButtonIndex(component);
                    if (index is null || !slots.ButtonKinds.TryGetValue(index.Value, out var kind))
                    {
                        problems.Add($"button {(index is null ? "without an index" : index.Value.ToString(CultureInfo.InvariantCulture))} takes no parameter");
                    }
                    else if (parameters.Count != 1)
                    {
                        problems.Add($"button {index} takes one parameter, {parameters.Count} given");
                    }
                    else
                    {
                        problems.Add(ButtonProblem(index.Value, kind, parameters[0]) ?? string.Empty);
                    }

                    break;
            }
        }

        return problems.Where(x => x.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A single send's components as WhatsApp expects them: every button with its definition's <c>sub_type</c> and a string <c>index</c>.</summary>
    public static JsonArray Normalize(TemplateSlots slots, JsonElement? components)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var result = new JsonArray();
        if (components is not { ValueKind: JsonValueKind.Array } array)
        {
            return result;
        }

        foreach (var component in array.EnumerateArray())
        {
            var node = JsonNode.Parse(component.GetRawText());
            if (node is JsonObject item && TemplateDefinition.Text(component, "type")?.ToLowerInvariant() == "button"
                && TemplateDefinition.ButtonIndex(component) is { } index && slots.ButtonKinds.TryGetValue(index, out var kind))
            {
                item["type"] = "button";
                item["sub_type"] = SubType(kind);
                item["index"] = index.ToString(CultureInfo.InvariantCulture);
            }

            result.Add(node);
        }

        return result;
    }

    /// <summary>The <c>template</c> object of a Cloud API send request; <c>components</c> only when there are some.</summary>
    public static string Content(string name, string language, JsonArray components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var content = new JsonObject
        {
            ["name"] = name,
            ["language"] = new JsonObject { ["code"] = language },
        };
        if (components.Count > 0)
        {
            content["components"] = components;
        }

        return content.ToJsonString();
    }

    private static JsonObject Button(int index, string kind, JsonArray parameters) => new()
    {
        ["type"] = "button",
        ["sub_type"] = SubType(kind),
        ["index"] = index.ToString(CultureInfo.InvariantCulture),
        ["parameters"] = parameters,
    };

    /// <summary>An authentication template's OTP button is sent as a URL button (Meta's documented format).</summary>
    private static string SubType(string kind) => kind == TemplateButtonKinds.Otp ? TemplateButtonKinds.Url : kind;

    private static string? HeaderProblem(string? format, JsonElement parameter)
    {
        var type = TemplateDefinition.Text(parameter, "type")?.ToLowerInvariant();
        switch (format)
        {
            case "IMAGE" or "VIDEO" or "DOCUMENT":
                var expected = format.ToLowerInvariant();
                if (type != expected || !parameter.TryGetProperty(expected, out var media) || media.ValueKind != JsonValueKind.Object)
                {
                    return $"the header is {Article(expected)} {expected}: its parameter is {{\"type\":\"{expected}\",\"{expected}\":{{\"link\":\"https://...\"}}}}";
                }

                if (media.TryGetProperty("id", out _))
                {
                    return $"the header {expected} is sent by an https link, not by a media id";
                }

                var link = TemplateDefinition.Text(media, "link");
                var linkProblem = link is null ? $"the header {expected} needs a 'link'" : LinkProblem($"the header {expected}", link);
                if (linkProblem is not null)
                {
                    return linkProblem;
                }

                if (media.TryGetProperty("filename", out var fileName))
                {
                    return format != "DOCUMENT"
                        ? $"only a document header takes a file name"
                        : fileName.ValueKind != JsonValueKind.String ? "the header document's file name must be a string" : LengthProblem("the header document's file name", fileName.GetString()!, MaxFreeTextLength);
                }

                return null;
            case "LOCATION":
                if (type != "location" || !parameter.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Object)
                {
                    return "the header is a location: its parameter is {\"type\":\"location\",\"location\":{\"latitude\":...,\"longitude\":...}}";
                }

                return CoordinateProblem("latitude", Scalar(location, "latitude"), 90)
                    ?? CoordinateProblem("longitude", Scalar(location, "longitude"), 180)
                    ?? OptionalTextProblem(location, "name")
                    ?? OptionalTextProblem(location, "address");
            default:
                return type != "text" || TemplateDefinition.Text(parameter, "text") is not { } text
                    ? "a text header's parameters are {\"type\":\"text\",\"text\":...}"
                    : LengthProblem("a header parameter", text, MaxHeaderTextLength);
        }
    }

    private static string? BodyProblem(JsonElement parameter)
    {
        var type = TemplateDefinition.Text(parameter, "type")?.ToLowerInvariant();
        return type switch
        {
            "text" => TemplateDefinition.Text(parameter, "text") is { } text ? LengthProblem("a body parameter", text, MaxBodyTextLength) : "a body text parameter needs a 'text'",
            "currency" or "date_time" => parameter.TryGetProperty(type, out var value) && value.ValueKind == JsonValueKind.Object ? null : $"a body {type} parameter needs a '{type}' object",
            _ => "a body parameter is text, currency or date_time",
        };
    }

    private static string? ButtonProblem(int index, string kind, JsonElement parameter)
    {
        var type = TemplateDefinition.Text(parameter, "type")?.ToLowerInvariant();
        var (expected, field) = kind switch
        {
            TemplateButtonKinds.Url or TemplateButtonKinds.Otp => ("text", "text"),
            TemplateButtonKinds.CopyCode => ("coupon_code", "coupon_code"),
            TemplateButtonKinds.QuickReply => ("payload", "payload"),
            _ => ("action", "action"),
        };
        if (type != expected)
        {
            return $"button {index} ({Describe(kind)}) takes a parameter of type {expected}";
        }

        if (kind == TemplateButtonKinds.Flow)
        {
            return parameter.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object ? null : $"button {index} (flow) needs an 'action' object";
        }

        return TemplateDefinition.Text(parameter, field) is { } value ? ButtonValueProblem(index, kind, value) : $"button {index} ({Describe(kind)}) needs a '{field}'";
    }

    private static string? ButtonValueProblem(int index, string kind, string value) => kind switch
    {
        TemplateButtonKinds.Url => LengthProblem($"button {index}'s URL suffix", value, MaxLinkLength),
        TemplateButtonKinds.Otp => LengthProblem($"button {index}'s one-time password", value, MaxOtpLength),
        TemplateButtonKinds.CopyCode => LengthProblem($"button {index}'s coupon code", value, MaxCouponCodeLength),
        TemplateButtonKinds.QuickReply => LengthProblem($"button {index}'s quick reply payload", value, MaxFreeTextLength),
        _ => $"button {index} ({Describe(kind)}) cannot be filled from a value",
    };

    private static string Describe(string kind) => kind switch
    {
        TemplateButtonKinds.Otp => "one-time password",
        TemplateButtonKinds.CopyCode => "copy code",
        TemplateButtonKinds.QuickReply => "quick reply",
        _ => kind,
    };

    /// <summary>A link WhatsApp fetches: an absolute https URL with a host, at most 2,000 characters, without spaces.</summary>
    public static string? LinkProblem(string what, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxLinkLength && !value.Any(char.IsWhiteSpace)
            && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0
            ? null
            : $"{what} needs an https link of at most {MaxLinkLength} characters";
    }

    private static string? LengthProblem(string what, string value, int max) =>
        string.IsNullOrWhiteSpace(value) ? $"{what} needs a value"
        : value.Length > max ? $"{what} is at most {max} characters ({value.Length} given)"
        : null;

    private static string? CoordinateProblem(string what, string? value, int limit) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && Math.Abs(number) <= limit
            ? null
            : $"the header location's {what} must be a number from -{limit} to {limit}";

    private static string? OptionalTextProblem(JsonElement owner, string name) =>
        !owner.TryGetProperty(name, out var value) ? null
        : value.ValueKind != JsonValueKind.String ? $"the header location's {name} must be a string"
        : LengthProblem($"the header location's {name}", value.GetString()!, MaxFreeTextLength);

    /// <summary>A number given as a JSON number or a string.</summary>
    private static string? Scalar(JsonElement owner, string name) =>
        !owner.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : null;

    private static string Article(string noun) => noun[0] is 'i' or 'a' or 'e' or 'o' or 'u' ? "an" : "a";
}
