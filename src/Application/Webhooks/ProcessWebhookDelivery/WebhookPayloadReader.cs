using System.Globalization;
using System.Text.Json;
using WhatsSuite.Application.Common.Text;
using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;

/// <summary>A customer message read from a webhook, ready to store.</summary>
internal sealed record InboundMessage(
    string From,
    string? ProfileName,
    string Wamid,
    string Type,
    string? Text,
    string Content,
    string? ReplyToWamid,
    MediaInfo? Media,
    DateTimeOffset SentAt);

/// <summary>A delivery status of a message the business sent.</summary>
internal sealed record StatusUpdate(string Wamid, MessageStatus Status, DateTimeOffset OccurredAt, string? RecipientId, string? ErrorCode, string? ErrorTitle);

/// <summary>A system- or app-level error Meta reported (<c>value.errors[]</c>).</summary>
internal sealed record SystemError(string? Code, string? Title);

internal sealed record WebhookPayload(IReadOnlyList<InboundMessage> Messages, IReadOnlyList<StatusUpdate> Statuses, IReadOnlyList<SystemError> Errors);

/// <summary>The payload is valid JSON but cannot be stored as it is (a message without id or sender).</summary>
internal sealed class WebhookPayloadException(string message) : Exception(message);

/// <summary>
/// Reads a Cloud API webhook body: <c>entry[].changes[]</c> whose <c>field</c> is <c>messages</c>, with their
/// <c>value.contacts</c>, <c>value.messages</c>, <c>value.statuses</c> and <c>value.errors</c>. Unknown fields
/// and other change fields are ignored. A message's <see cref="InboundMessage.Content"/> is the raw JSON of its
/// type-specific object as WhatsApp sent it (<c>text</c>, <c>image</c>, ...); for a type WhatsSuite does not
/// know it is the whole message object, stored as <c>unsupported</c>.
/// </summary>
internal static class WebhookPayloadReader
{
    private const int MaxMediaIdLength = 256;
    private const int MaxMimeTypeLength = 128;
    private const int MaxShaLength = 128;
    private const int MaxFileNameLength = 256;
    private const int MaxRecipientLength = 64;
    private const int MaxErrorCodeLength = 32;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <exception cref="JsonException">The body is not JSON.</exception>
    /// <exception cref="WebhookPayloadException">A message lacks what is needed to store it.</exception>
    public static WebhookPayload Read(string body, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(JsonText.ReplaceLoneSurrogates(body), Options);
        var messages = new List<InboundMessage>();
        var statuses = new List<StatusUpdate>();
        var errors = new List<SystemError>();
        foreach (var entry in Array(document.RootElement, "entry"))
        {
            foreach (var change in Array(entry, "changes"))
            {
                if (String(change, "field") != "messages" || !change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var profiles = Array(value, "contacts")
                    .Select(c => (WaId: String(c, "wa_id"), Name: c.TryGetProperty("profile", out var p) ? String(p, "name") : null))
                    .ToList();
                messages.AddRange(Array(value, "messages").Select(m => ReadMessage(m, profiles, now)));
                statuses.AddRange(Array(value, "statuses").Select(s => ReadStatus(s, now)).OfType<StatusUpdate>());
                errors.AddRange(Array(value, "errors").Select(e => new SystemError(Scalar(e, "code"), String(e, "title"))));
            }
        }

        return new WebhookPayload(messages, statuses, errors);
    }

    private static InboundMessage ReadMessage(JsonElement message, List<(string? WaId, string? Name)> profiles, DateTimeOffset now)
    {
        var wamid = String(message, "id");
        if (string.IsNullOrWhiteSpace(wamid) || wamid.Length > Message.MaxWamidLength)
        {
            throw new WebhookPayloadException("a message has no valid id");
        }

        var fromRaw = String(message, "from");
        if (!PhoneNumber.TryNormalize(fromRaw, out var from))
        {
            throw new WebhookPayloadException($"message {wamid} has no phone number in 'from'");
        }

        var profile = profiles.FirstOrDefault(p => PhoneNumber.TryNormalize(p.WaId, out var waId) && waId == from).Name
            ?? (profiles.Count == 1 ? profiles[0].Name : null);
        var type = String(message, "type") ?? string.Empty;
        var replyTo = message.TryGetProperty("context", out var context) ? Wamid(String(context, "id")) : null;
        var sentAt = UnixTime(message, "timestamp") ?? now;
        var typed = message.TryGetProperty(type, out var element)
            && (element.ValueKind == JsonValueKind.Object || (type == MessageTypes.Contacts && element.ValueKind == JsonValueKind.Array))
            ? element
            : (JsonElement?)null;
        if (typed is not { } body || !MessageTypes.Inbound.Contains(type))
        {
            return new InboundMessage(from, profile, wamid, MessageTypes.Unsupported, null, message.GetRawText(), replyTo, null, sentAt);
        }

        string? text = null;
        MediaInfo? media = null;
        switch (type)
        {
            case MessageTypes.Text:
                text = String(body, "body");
                break;
            case MessageTypes.Image or MessageTypes.Audio or MessageTypes.Video or MessageTypes.Document or MessageTypes.Sticker:
                text = String(body, "caption");
                media = new MediaInfo(
                    Truncate(String(body, "id"), MaxMediaIdLength),
                    Truncate(String(body, "mime_type"), MaxMimeTypeLength),
                    Truncate(String(body, "sha256"), MaxShaLength),
                    Truncate(String(body, "filename"), MaxFileNameLength));
                break;
            case MessageTypes.Location:
                text = LocationSummary(body);
                break;
            case MessageTypes.Contacts:
                text = ContactNames(body);
                break;
            case MessageTypes.Interactive:
                text = InteractiveTitle(body);
                break;
            case MessageTypes.Button:
                text = String(body, "text");
                break;
            case MessageTypes.Reaction:
                text = String(body, "emoji");
                replyTo = Wamid(String(body, "message_id")) ?? replyTo;
                break;
        }

        return new InboundMessage(from, profile, wamid, type, Blank(text), body.GetRawText(), replyTo, media, sentAt);
    }

    /// <summary>Shared contact cards arrive as an array: <c>contacts: [{name: {formatted_name}}, ...]</c>.</summary>
    private static string? ContactNames(JsonElement cards) =>
        Blank(string.Join(", ", cards.EnumerateArray()
            .Select(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("name", out var n) ? String(n, "formatted_name") : null)
            .OfType<string>()));

    private static StatusUpdate? ReadStatus(JsonElement status, DateTimeOffset now)
    {
        var wamid = Wamid(String(status, "id"));
        var value = String(status, "status") switch
        {
            "sent" => MessageStatus.Sent,
            "delivered" => MessageStatus.Delivered,
            "read" => MessageStatus.Read,
            "failed" => MessageStatus.Failed,
            _ => (MessageStatus?)null,
        };
        if (wamid is null || value is not { } known)
        {
            return null;
        }

        var error = Array(status, "errors").FirstOrDefault();
        var hasError = error.ValueKind == JsonValueKind.Object;
        return new StatusUpdate(
            wamid,
            known,
            UnixTime(status, "timestamp") ?? now,
            Truncate(String(status, "recipient_id"), MaxRecipientLength),
            hasError ? Truncate(Scalar(error, "code"), MaxErrorCodeLength) : null,
            hasError ? String(error, "title") ?? String(error, "message") : null);
    }

    private static string? LocationSummary(JsonElement location)
    {
        var parts = new List<string>();
        foreach (var name in (ReadOnlySpan<string>)["name", "address"])
        {
            if (Blank(String(location, name)) is { } part)
            {
                parts.Add(part);
            }
        }

        if (Scalar(location, "latitude") is { } latitude && Scalar(location, "longitude") is { } longitude)
        {
            parts.Add($"({latitude}, {longitude})");
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string? InteractiveTitle(JsonElement interactive)
    {
        var kind = String(interactive, "type");
        if (kind is null || !interactive.TryGetProperty(kind, out var reply) || reply.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return kind == "nfm_reply" ? String(reply, "body") ?? String(reply, "name") : String(reply, "title");
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : default;

    /// <summary>A string property; control NULs removed (PostgreSQL text cannot hold them).</summary>
    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!.Replace("\0", string.Empty, StringComparison.Ordinal)
            : null;

    /// <summary>A string or number property as text (Meta sends codes and coordinates as numbers, timestamps as strings).</summary>
    private static string? Scalar(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => String(element, name),
            _ => null,
        };
    }

    private static DateTimeOffset? UnixTime(JsonElement element, string name) =>
        long.TryParse(Scalar(element, name), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? Wamid(string? value) => string.IsNullOrWhiteSpace(value) || value.Length > Message.MaxWamidLength ? null : value;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Truncate(string? value, int max) => TextLimit.Cut(value, max);
}
