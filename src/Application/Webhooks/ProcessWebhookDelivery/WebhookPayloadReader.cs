using System.Globalization;
using System.Text.Json;
using WhatsSuite.Application.Common.Text;
using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;

/// <summary>
/// A customer message read from a webhook, ready to store. <see cref="Text"/> is the readable text (searched by
/// the conversation list), <see cref="Preview"/> the line a conversation list shows (never empty).
/// </summary>
internal sealed record InboundMessage(
    ContactIdentity Sender,
    string? ProfileName,
    string Wamid,
    string Type,
    string? Text,
    string Preview,
    string Content,
    string? ReplyToWamid,
    MediaInfo? Media,
    Referral? Referral,
    IdentityNotice? Notice,
    DateTimeOffset SentAt);

/// <summary>
/// A system message: WhatsApp tells that the sender's identity changed (<see cref="Kind"/> <c>user_changed_number</c>
/// with the new number and BSUID, <c>user_changed_user_id</c> with the new BSUID), or another notice.
/// </summary>
internal sealed record IdentityNotice(string Kind, string? NewWaId, string? NewUserId, string? NewParentUserId, string? PreviousUserId);

/// <summary>A delivery status of a message the business sent; <see cref="RecipientId"/> is the phone number or, for a BSUID send, the BSUID.</summary>
internal sealed record StatusUpdate(string Wamid, MessageStatus Status, DateTimeOffset OccurredAt, string? RecipientId, string? ErrorCode, string? ErrorTitle);

/// <summary>
/// A notification that is not a customer message or a tracked status: another webhook field's change (its
/// <c>value</c>), an error WhatsApp reported (<c>value.errors[]</c>), a status WhatsSuite does not track.
/// </summary>
/// <summary>A template status report: status, Meta's template id, name, language and Meta's reason.</summary>
internal sealed record TemplateStatusReport(string Status, string? MetaTemplateId, string Name, string? Language, string? Reason);

internal sealed record Notification(string Field, string? Event, string Payload, DateTimeOffset? StampedAt);

/// <summary>A <c>user_preferences</c> report: the customer stopped (or resumed) marketing messages at <see cref="At"/>.</summary>
internal sealed record MarketingPreference(ContactIdentity Identity, string? ProfileName, bool Stop, DateTimeOffset? At);

/// <summary>Where an item came from: its entry (the WABA id and time) and change, with the raw JSON a split-off entry is rebuilt from.</summary>
internal sealed record WebhookChange(string? EntryId, long? EntryTime, string Field, string? PhoneNumberId, string? DisplayNumber, string Raw, string? Metadata, string? Contacts);

/// <summary>
/// One unit of a delivery, processed (or split off) on its own: an element of <c>value.messages</c>,
/// <c>value.statuses</c> or <c>value.errors</c> (<see cref="Array"/>), or a whole change (<see cref="Array"/> null).
/// </summary>
internal abstract record WebhookItem(WebhookChange Change, string? Array, string Raw);

internal sealed record MessageItem(WebhookChange Change, string Raw, InboundMessage Message) : WebhookItem(Change, "messages", Raw);

internal sealed record StatusItem(WebhookChange Change, string Raw, StatusUpdate Status) : WebhookItem(Change, "statuses", Raw);

internal sealed record NotificationItem(WebhookChange Change, string? Array, string Raw, Notification Notification) : WebhookItem(Change, Array, Raw);

/// <summary>An item that cannot be stored as it is; <see cref="Reason"/> starts with a code (<c>invalid_payload</c>, <c>foreign_phone_number_id</c>).</summary>
internal sealed record InvalidItem(WebhookChange Change, string? Array, string Raw, string Reason) : WebhookItem(Change, Array, Raw);

/// <summary>A delivery's items in document order (entries, their changes, and in each change its messages, statuses and errors).</summary>
internal sealed record WebhookPayload(IReadOnlyList<WebhookItem> Items);

/// <summary>
/// Reads a Cloud API webhook body (<c>entry[].changes[]</c>) into items. A <c>messages</c> change gives one item per
/// message, status and error, with the sender identified by phone number (<c>from</c>, <c>wa_id</c>) and/or
/// business-scoped user id (<c>from_user_id</c>, <c>user_id</c>) and the profile of <c>value.contacts</c>; any other
/// field gives one item for the whole change. A message's <see cref="InboundMessage.Content"/> is the raw JSON of
/// its type-specific object as WhatsApp sent it (<c>text</c>, <c>image</c>, <c>order</c>, <c>system</c>, ...); for a
/// type WhatsSuite does not know it is the whole message object, stored as <c>unsupported</c>. Nothing is dropped:
/// what cannot be stored becomes an <see cref="InvalidItem"/> with its reason. Payload shapes:
/// <c>tests/Api.IntegrationTests/Webhooks/Payloads/README.md</c>.
/// </summary>
internal static class WebhookPayloadReader
{
    public const string InvalidPayload = "invalid_payload";
    public const string ForeignPhoneNumberId = "foreign_phone_number_id";

    private const int MaxMediaIdLength = 256;
    private const int MaxMimeTypeLength = 128;
    private const int MaxShaLength = 128;
    private const int MaxFileNameLength = 256;
    private const int MaxRecipientLength = 64;
    private const int MaxErrorCodeLength = 32;
    private const int MaxSummaryFields = 10;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>
    /// The delivery's items. When <paramref name="phoneNumberId"/> is given (a connection's own endpoint), a change
    /// whose <c>metadata.phone_number_id</c> names another number is one <see cref="InvalidItem"/>.
    /// </summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static WebhookPayload Read(string body, string? phoneNumberId, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(JsonText.ReplaceLoneSurrogates(body), Options);
        var items = new List<WebhookItem>();
        foreach (var (change, value) in Changes(document.RootElement))
        {
            if (phoneNumberId is not null && change.PhoneNumberId is { } other && other != phoneNumberId)
            {
                items.Add(new InvalidItem(change, null, change.Raw, $"{ForeignPhoneNumberId}: this change is for phone number id '{other}', not this connection's '{phoneNumberId}'"));
                continue;
            }

            if (change.Field != "messages")
            {
                items.Add(Safely(change, null, change.Raw, () => new NotificationItem(change, null, change.Raw, new Notification(change.Field, FieldEvent(value), value.GetRawText(), EntryTime(change)))));
                continue;
            }

            var profiles = Array(value, "contacts").Select(ReadProfile).ToList();
            foreach (var message in Array(value, "messages"))
            {
                items.Add(Safely(change, "messages", message.GetRawText(), () => ReadMessage(change, message, profiles, now)));
            }

            foreach (var status in Array(value, "statuses"))
            {
                items.Add(Safely(change, "statuses", status.GetRawText(), () => ReadStatus(change, status, now)));
            }

            foreach (var error in Array(value, "errors"))
            {
                var raw = error.GetRawText();
                items.Add(Safely(change, "errors", raw, () => new NotificationItem(change, "errors", raw, new Notification("messages.errors", Scalar(error, "code"), raw, null))));
            }
        }

        return new WebhookPayload(items);
    }

    /// <summary>
    /// Reads one item; a value JSON allows but .NET cannot hold (a number out of range; lone UTF-16 surrogates are
    /// repaired to U+FFFD before reading) makes this item invalid, never the whole delivery.
    /// </summary>
    private static WebhookItem Safely(WebhookChange change, string? array, string raw, Func<WebhookItem> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return new InvalidItem(change, array, raw, $"{InvalidPayload}: {exception.Message}");
        }
    }

    /// <summary>The delivery's changes, for routing an app-level delivery to its numbers.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static IReadOnlyList<WebhookChange> ReadChanges(string body)
    {
        using var document = JsonDocument.Parse(body, Options);
        return Changes(document.RootElement).Select(c => c.Change).ToList();
    }

    /// <summary>
    /// The marketing-message preferences of a <c>user_preferences</c> change value:
    /// <c>user_preferences: [{wa_id, user_id, category: "marketing_messages", value: "stop"|"resume", timestamp}]</c>,
    /// with the profile names of <c>contacts</c>. Other categories and values, and entries naming nobody, are left out.
    /// </summary>
    public static IReadOnlyList<MarketingPreference> ReadMarketingPreferences(string value)
    {
        using var document = JsonDocument.Parse(value, Options);
        var profiles = Array(document.RootElement, "contacts").Select(ReadProfile).ToList();
        var preferences = new List<MarketingPreference>();
        foreach (var preference in Array(document.RootElement, "user_preferences"))
        {
            var stop = String(preference, "value") switch
            {
                "stop" => true,
                "resume" => false,
                _ => (bool?)null,
            };
            var identity = new ContactIdentity(
                PhoneNumber.TryNormalize(String(preference, "wa_id"), out var waId) ? waId : null,
                BusinessScopedUserId.TryParse(String(preference, "user_id"), out var userId) ? userId : null,
                BusinessScopedUserId.TryParse(String(preference, "parent_user_id"), out var parent) ? parent : null);
            if (stop is not { } isStop || String(preference, "category") != "marketing_messages" || identity.IsEmpty)
            {
                continue;
            }

            var profile = profiles.FirstOrDefault(p => (identity.WaId is not null && p.WaId == identity.WaId) || (identity.UserId is not null && p.UserId == identity.UserId));
            preferences.Add(new MarketingPreference(identity with { Username = profile?.Username }, profile?.Name, isStop, UnixTime(preference, "timestamp")));
        }

        return preferences;
    }

    /// <summary>The event and the messaging limit of a <c>phone_number_quality_update</c> change value.</summary>
    public static (string? Event, string? Limit) ReadQualityUpdate(string value)
    {
        using var document = JsonDocument.Parse(value, Options);
        var root = document.RootElement;
        return (Truncate(String(root, "event"), Domain.Connections.Connection.MaxQualityValueLength),
            Truncate(Scalar(root, "current_limit") ?? Scalar(root, "max_daily_conversations_per_business"), Domain.Connections.Connection.MaxQualityValueLength));
    }

    /// <summary>
    /// A <c>message_template_status_update</c>: the new status (<c>event</c>), the template by Meta's id and by name and
    /// language, and the reason (<c>reason</c>, else <c>other_info.description</c>); null without an event or a name.
    /// </summary>
    public static TemplateStatusReport? ReadTemplateStatus(string value)
    {
        using var document = JsonDocument.Parse(value, Options);
        var root = document.RootElement;
        var status = String(root, "event");
        var name = Scalar(root, "message_template_name");
        if (string.IsNullOrWhiteSpace(status) || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var reason = String(root, "reason");
        if ((string.IsNullOrWhiteSpace(reason) || reason == "NONE") && root.TryGetProperty("other_info", out var other) && other.ValueKind == JsonValueKind.Object)
        {
            reason = String(other, "description") ?? String(other, "title");
        }

        return new TemplateStatusReport(
            Truncate(status, Domain.Templates.MessageTemplate.MaxStatusLength)!,
            Scalar(root, "message_template_id"),
            name,
            Scalar(root, "message_template_language"),
            reason);
    }

    private static IEnumerable<(WebhookChange Change, JsonElement Value)> Changes(JsonElement root)
    {
        foreach (var entry in Array(root, "entry"))
        {
            var entryId = Scalar(entry, "id");
            var entryTime = long.TryParse(Scalar(entry, "time"), NumberStyles.None, CultureInfo.InvariantCulture, out var time) ? time : (long?)null;
            foreach (var change in Array(entry, "changes"))
            {
                var field = String(change, "field");
                if (string.IsNullOrWhiteSpace(field) || !change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var metadata = value.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : (JsonElement?)null;
                var display = metadata is { } md ? String(md, "display_phone_number") : String(value, "display_phone_number") ?? String(value, "phone_number");
                yield return (
                    new WebhookChange(
                        entryId,
                        entryTime,
                        field,
                        metadata is { } meta ? Scalar(meta, "phone_number_id") : null,
                        PhoneNumber.TryNormalize(display, out var number) ? number : null,
                        change.GetRawText(),
                        metadata?.GetRawText(),
                        value.TryGetProperty("contacts", out var contacts) && contacts.ValueKind == JsonValueKind.Array ? contacts.GetRawText() : null),
                    value);
            }
        }
    }

    private sealed record Profile(string? WaId, string? UserId, string? ParentUserId, string? Name, string? Username);

    private static Profile ReadProfile(JsonElement contact)
    {
        try
        {
            return ReadProfileOf(contact);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
        {
            // A profile WhatsApp sent with text .NET cannot hold: the messages are read without it.
            return new Profile(null, null, null, null, null);
        }
    }

    private static Profile ReadProfileOf(JsonElement contact)
    {
        var profile = contact.ValueKind == JsonValueKind.Object && contact.TryGetProperty("profile", out var p) ? p : default;
        return new Profile(
            PhoneNumber.TryNormalize(String(contact, "wa_id"), out var waId) ? waId : null,
            BusinessScopedUserId.TryParse(String(contact, "user_id"), out var userId) ? userId : null,
            BusinessScopedUserId.TryParse(String(contact, "parent_user_id"), out var parent) ? parent : null,
            String(profile, "name"),
            String(profile, "username"));
    }

    private static WebhookItem ReadMessage(WebhookChange change, JsonElement message, List<Profile> profiles, DateTimeOffset now)
    {
        var raw = message.GetRawText();
        var wamid = String(message, "id");
        if (string.IsNullOrWhiteSpace(wamid) || wamid.Length > Message.MaxWamidLength)
        {
            return new InvalidItem(change, "messages", raw, $"{InvalidPayload}: a message has no valid id");
        }

        var type = String(message, "type") ?? string.Empty;
        var system = type == MessageTypes.System && message.TryGetProperty("system", out var s) && s.ValueKind == JsonValueKind.Object ? s : (JsonElement?)null;
        var phone = PhoneNumber.TryNormalize(String(message, "from"), out var from) ? from : null;
        var userId = BusinessScopedUserId.TryParse(String(message, "from_user_id"), out var fromUserId) ? fromUserId : null;
        var parentUserId = BusinessScopedUserId.TryParse(String(message, "from_parent_user_id"), out var fromParent) ? fromParent : null;
        IdentityNotice? notice = null;
        if (system is { } sys)
        {
            // The sender of a system message is the customer as they were; system.user_id is the new BSUID.
            var newUserId = BusinessScopedUserId.TryParse(String(sys, "user_id"), out var u) ? u : null;
            var previous = BusinessScopedUserId.TryParse(String(sys, "previous_user_id"), out var prev) ? prev : null;
            userId = previous ?? (userId == newUserId ? null : userId);
            notice = new IdentityNotice(
                String(sys, "type") ?? string.Empty,
                PhoneNumber.TryNormalize(String(sys, "wa_id") ?? Scalar(sys, "new_wa_id"), out var newWaId) ? newWaId : null,
                newUserId,
                BusinessScopedUserId.TryParse(String(sys, "parent_user_id"), out var np) ? np : null,
                previous);
        }

        // The sender is who the message names; the contacts entry naming the same number or BSUID completes it (the
        // number WhatsApp shares, the username), and a lone contacts entry gives the profile name.
        var matched = profiles.FirstOrDefault(p => (phone is not null && p.WaId == phone) || (userId is not null && p.UserId == userId));
        var profile = matched ?? (profiles.Count == 1 ? profiles[0] : null);
        var sender = new ContactIdentity(phone ?? matched?.WaId, userId ?? matched?.UserId, parentUserId ?? matched?.ParentUserId, profile?.Username);
        if (phone is null && userId is null)
        {
            return new InvalidItem(change, "messages", raw, $"{InvalidPayload}: message {wamid} has neither a phone number ('from') nor a business-scoped user id ('from_user_id')");
        }

        var replyTo = message.TryGetProperty("context", out var context) ? Wamid(String(context, "id")) : null;
        var sentAt = UnixTime(message, "timestamp") ?? now;
        var referral = message.TryGetProperty("referral", out var r) && r.ValueKind == JsonValueKind.Object ? ReadReferral(r) : null;
        var typed = message.TryGetProperty(type, out var element)
            && (element.ValueKind == JsonValueKind.Object || (type == MessageTypes.Contacts && element.ValueKind == JsonValueKind.Array))
            ? element
            : (JsonElement?)null;
        if (typed is not { } body || !MessageTypes.Inbound.Contains(type))
        {
            var unsupported = UnsupportedSummary(message, type);
            return new MessageItem(change, raw, new InboundMessage(sender, profile?.Name, wamid, MessageTypes.Unsupported, unsupported, unsupported, raw, replyTo, null, referral, null, sentAt));
        }

        string? text = null;
        string? label = null;
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
                label = MediaLabel(type, body, media);
                break;
            case MessageTypes.Location:
                text = LocationSummary(body);
                break;
            case MessageTypes.Contacts:
                text = ContactCards(body);
                label = "Shared contacts";
                break;
            case MessageTypes.Interactive:
                text = InteractiveSummary(body);
                label = "Interactive reply";
                break;
            case MessageTypes.Button:
                text = String(body, "text") ?? String(body, "payload");
                label = "Button reply";
                break;
            case MessageTypes.Reaction:
                text = Blank(String(body, "emoji")) ?? "Removed a reaction";
                replyTo = Wamid(String(body, "message_id")) ?? replyTo;
                break;
            case MessageTypes.Order:
                text = OrderSummary(body);
                break;
            case MessageTypes.System:
                text = SystemSummary(body, notice!, phone);
                break;
        }

        text = Blank(text);
        return new MessageItem(change, raw, new InboundMessage(sender, profile?.Name, wamid, type, text, text ?? label ?? $"[{type}]", body.GetRawText(), replyTo, media, referral, notice, sentAt));
    }

    private static WebhookItem ReadStatus(WebhookChange change, JsonElement status, DateTimeOffset now)
    {
        var raw = status.GetRawText();
        var wamid = Wamid(String(status, "id"));
        if (wamid is null)
        {
            return new InvalidItem(change, "statuses", raw, $"{InvalidPayload}: a status has no valid message id");
        }

        var name = String(status, "status");
        var value = name switch
        {
            "sent" => MessageStatus.Sent,
            "delivered" => MessageStatus.Delivered,
            "read" => MessageStatus.Read,
            "failed" => MessageStatus.Failed,
            _ => (MessageStatus?)null,
        };
        if (value is not { } known)
        {
            // A status WhatsSuite does not track (played, deleted, ...): kept as a notification of the number.
            return new NotificationItem(change, "statuses", raw, new Notification("messages.statuses", name, raw, UnixTime(status, "timestamp")));
        }

        var error = Array(status, "errors").FirstOrDefault();
        var hasError = error.ValueKind == JsonValueKind.Object;
        return new StatusItem(change, raw, new StatusUpdate(
            wamid,
            known,
            UnixTime(status, "timestamp") ?? now,
            Truncate(String(status, "recipient_id") ?? String(status, "recipient_user_id"), MaxRecipientLength),
            hasError ? Truncate(Scalar(error, "code"), MaxErrorCodeLength) : null,
            hasError ? String(error, "title") ?? String(error, "message") : null));
    }

    /// <summary>What a non-message change reports: its <c>event</c>, or for <c>user_preferences</c> the first preference's value.</summary>
    private static string? FieldEvent(JsonElement value) =>
        String(value, "event") ?? Array(value, "user_preferences").Select(p => String(p, "value")).FirstOrDefault(v => v is not null);

    private static DateTimeOffset? EntryTime(WebhookChange change) =>
        change.EntryTime is > 0 and < 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(change.EntryTime.Value) : null;

    /// <summary><c>message.referral</c> of a click-to-WhatsApp ad or post.</summary>
    private static Referral ReadReferral(JsonElement referral)
    {
        var mediaType = String(referral, "media_type");
        var mediaUrl = mediaType == "video" ? String(referral, "video_url") : String(referral, "image_url") ?? String(referral, "video_url");
        return new Referral(
            Truncate(Blank(String(referral, "source_type")) ?? "unknown", Referral.MaxSourceTypeLength)!,
            Truncate(Scalar(referral, "source_id"), Referral.MaxSourceIdLength),
            Truncate(String(referral, "source_url"), Referral.MaxUrlLength),
            Truncate(String(referral, "headline"), Referral.MaxHeadlineLength),
            Truncate(String(referral, "body"), Referral.MaxBodyLength),
            Truncate(mediaType, Referral.MaxMediaTypeLength),
            Truncate(mediaUrl, Referral.MaxUrlLength),
            Truncate(String(referral, "thumbnail_url"), Referral.MaxUrlLength),
            Truncate(String(referral, "ctwa_clid"), Referral.MaxCtwaClidLength));
    }

    private static string MediaLabel(string type, JsonElement body, MediaInfo media) => type switch
    {
        MessageTypes.Image => "Photo",
        MessageTypes.Video => "Video",
        MessageTypes.Sticker => "Sticker",
        MessageTypes.Audio => body.TryGetProperty("voice", out var voice) && voice.ValueKind == JsonValueKind.True ? "Voice message" : "Audio",
        _ => media.FileName is { } name ? $"Document: {name}" : "Document",
    };

    /// <summary>Shared contact cards arrive as an array: <c>contacts: [{name: {formatted_name}}, ...]</c>.</summary>
    private static string ContactCards(JsonElement cards)
    {
        var all = cards.EnumerateArray().ToList();
        var names = all
            .Select(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("name", out var n) ? Blank(String(n, "formatted_name")) ?? Blank(String(n, "first_name")) : null)
            .OfType<string>()
            .ToList();
        var count = all.Count == 1 ? "1 contact" : string.Create(CultureInfo.InvariantCulture, $"{all.Count} contacts");
        return names.Count == 0 ? $"Shared {count}" : $"Shared {count}: {string.Join(", ", names)}";
    }

    private static string LocationSummary(JsonElement location)
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

        return parts.Count == 0 ? "Location" : $"Location: {string.Join(", ", parts)}";
    }

    /// <summary>Button and list replies give their title; a Flow (<c>nfm_reply</c>) its answers from <c>response_json</c>.</summary>
    private static string? InteractiveSummary(JsonElement interactive)
    {
        var kind = String(interactive, "type");
        if (kind is null || !interactive.TryGetProperty(kind, out var reply) || reply.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return kind switch
        {
            "button_reply" or "list_reply" => String(reply, "title"),
            "nfm_reply" => FlowSummary(reply),
            "call_permission_reply" => String(reply, "response") switch
            {
                "accept" => "Allowed calls",
                "reject" => "Declined calls",
                _ => "Answered a call permission request",
            },
            _ => Blank(String(reply, "title")) ?? $"Interactive reply ({kind})",
        };
    }

    private static string FlowSummary(JsonElement reply)
    {
        var fields = new List<string>();
        try
        {
            using var response = JsonDocument.Parse(String(reply, "response_json") ?? "{}", Options);
            if (response.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in response.RootElement.EnumerateObject().Where(f => f.Name != "flow_token").Take(MaxSummaryFields))
                {
                    var value = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText();
                    fields.Add($"{field.Name}: {value}");
                }
            }
        }
        catch (JsonException)
        {
            // An answer that is not JSON is summarised by the reply's name and body alone.
        }

        var title = String(reply, "name") == "address_message" ? "Address" : "Form reply";
        if (fields.Count > 0)
        {
            return $"{title}: {string.Join(", ", fields)}".Replace("\0", string.Empty, StringComparison.Ordinal);
        }

        return Blank(String(reply, "body")) is { } body && body != "Sent" ? $"{title}: {body}" : title;
    }

    /// <summary><c>order: {catalog_id, text, product_items: [{product_retailer_id, quantity, item_price, currency}]}</c>.</summary>
    private static string OrderSummary(JsonElement order)
    {
        var items = Array(order, "product_items").ToList();
        var lines = new List<string>();
        decimal total = 0;
        var currencies = new HashSet<string>(StringComparer.Ordinal);
        var priced = true;
        foreach (var item in items)
        {
            var quantity = Scalar(item, "quantity") ?? "1";
            var price = Scalar(item, "item_price");
            var currency = String(item, "currency");
            lines.Add(price is null ? $"{quantity} × {String(item, "product_retailer_id")}" : $"{quantity} × {String(item, "product_retailer_id")} at {price} {currency}".TrimEnd());
            if (decimal.TryParse(quantity, NumberStyles.Number, CultureInfo.InvariantCulture, out var q)
                && decimal.TryParse(price, NumberStyles.Number, CultureInfo.InvariantCulture, out var p))
            {
                total += q * p;
                currencies.Add(currency ?? string.Empty);
            }
            else
            {
                priced = false;
            }
        }

        var count = items.Count == 1 ? "1 item" : string.Create(CultureInfo.InvariantCulture, $"{items.Count} items");
        var summary = $"Order of {count}";
        if (lines.Count > 0)
        {
            summary += $": {string.Join(", ", lines.Take(MaxSummaryFields))}{(lines.Count > MaxSummaryFields ? ", ..." : string.Empty)}";
        }

        if (priced && items.Count > 0 && currencies.Count == 1)
        {
            var currency = currencies.Single();
            summary += currency.Length == 0
                ? string.Create(CultureInfo.InvariantCulture, $" (total {total})")
                : string.Create(CultureInfo.InvariantCulture, $" (total {total} {currency})");
        }

        return Blank(String(order, "text")) is { } note ? $"{summary}. Note: {note}" : summary;
    }

    private static string SystemSummary(JsonElement system, IdentityNotice notice, string? oldPhone) => notice.Kind switch
    {
        "user_changed_number" when notice.NewWaId is not null =>
            oldPhone is null ? $"Changed their phone number to +{notice.NewWaId}" : $"Changed their phone number from +{oldPhone} to +{notice.NewWaId}",
        "user_changed_user_id" when notice.NewUserId is not null =>
            notice.PreviousUserId is null ? $"WhatsApp gave the customer a new user id ({notice.NewUserId})" : $"WhatsApp changed the customer's user id from {notice.PreviousUserId} to {notice.NewUserId}",
        _ => Blank(String(system, "body")) ?? $"WhatsApp notice ({notice.Kind})",
    };

    /// <summary>An unsupported or unknown message: its type and the error WhatsApp attached (<c>errors[0]</c>, code 131051).</summary>
    private static string UnsupportedSummary(JsonElement message, string type)
    {
        var inner = message.TryGetProperty("unsupported", out var u) && u.ValueKind == JsonValueKind.Object ? String(u, "type") : null;
        var kind = inner ?? (type is "" or MessageTypes.Unsupported ? null : type);
        var summary = kind is null ? "Unsupported message" : $"Unsupported message of type '{kind}'";
        var error = Array(message, "errors").FirstOrDefault();
        if (error.ValueKind == JsonValueKind.Object)
        {
            var details = error.TryGetProperty("error_data", out var data) ? String(data, "details") : null;
            var parts = new[] { Scalar(error, "code"), String(error, "title") ?? String(error, "message"), details }.OfType<string>().Where(p => p.Length > 0).Distinct(StringComparer.Ordinal);
            summary += $" ({string.Join(": ", parts)})";
        }

        return summary;
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
