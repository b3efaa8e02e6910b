using System.Globalization;
using System.Text.Json;

namespace WhatsSuite.Api.IntegrationTests.Webhooks.Payloads;

/// <summary>
/// Webhook shapes beyond the basic message types (see <see cref="MetaPayloads"/>): business-scoped user ids,
/// system messages, referrals, orders, other webhook fields, deliveries mixing numbers. Each builder names its
/// source; the table in <c>README.md</c> next to this file lists them all.
/// </summary>
public static class MetaShapes
{
    public const string WabaId = "102290129340398";

    /// <summary>A BSUID as WhatsApp forms it: country code, period, digits (<c>US.13491208655302741918</c>).</summary>
    public static string NewUserId(string country = "US") => $"{country}.{Random.Shared.NextInt64(1_000_000_000_000_000, 9_000_000_000_000_000)}";

    public static string NewPhone() => $"1650{Random.Shared.Next(1_000_000, 9_999_999)}";

    /// <summary>
    /// A <c>contacts[]</c> entry: <c>wa_id</c> only when the number is shared, <c>user_id</c> (BSUID) always once
    /// BSUIDs roll out, <c>profile.username</c> when the user adopted one.
    /// Source: Meta, "Business-scoped user IDs" (incoming messages); whatsapp-api-js <c>ServerContacts</c>.
    /// </summary>
    public static string Contact(string? waId, string? userId, string? name = "Kim Lee", string? username = null)
    {
        var profile = new Dictionary<string, string>();
        if (name is not null)
        {
            profile["name"] = name;
        }

        if (username is not null)
        {
            profile["username"] = username;
        }

        var contact = new Dictionary<string, object> { ["profile"] = profile };
        if (waId is not null)
        {
            contact["wa_id"] = waId;
        }

        if (userId is not null)
        {
            contact["user_id"] = userId;
        }

        return JsonSerializer.Serialize(contact);
    }

    /// <summary>
    /// A text message: <c>from</c> is absent when WhatsApp withholds the number of a user with a username;
    /// <c>from_user_id</c> carries the BSUID. Source: Meta, "Business-scoped user IDs" and the text messages
    /// webhook reference; whatsapp-api-js <c>ServerMessage.from_user_id</c>.
    /// </summary>
    public static string Text(string wamid, string? from, string? fromUserId, string body, DateTimeOffset? at = null) =>
        Message(wamid, from, fromUserId, at, "text", JsonSerializer.Serialize(new { body }));

    /// <summary>A message of <paramref name="type"/> with its type object (raw JSON) and optional extra properties (raw JSON members).</summary>
    public static string Message(string wamid, string? from, string? fromUserId, DateTimeOffset? at, string type, string typeObject, string? extra = null)
    {
        var parts = new List<string>();
        if (from is not null)
        {
            parts.Add($"\"from\":\"{from}\"");
        }

        if (fromUserId is not null)
        {
            parts.Add($"\"from_user_id\":\"{fromUserId}\"");
        }

        parts.Add($"\"id\":\"{wamid}\"");
        parts.Add($"\"timestamp\":\"{MetaPayloads.Timestamp(at ?? DateTimeOffset.UtcNow)}\"");
        parts.Add($"\"type\":\"{type}\"");
        parts.Add($"\"{type}\":{typeObject}");
        if (extra is not null)
        {
            parts.Add(extra);
        }

        return "{" + string.Join(',', parts) + "}";
    }

    /// <summary>
    /// A <c>messages</c> change of a number: <c>metadata</c>, then the <c>contacts</c>, <c>messages</c> and <c>statuses</c> given.
    /// Source: Meta, "Messages webhook reference".
    /// </summary>
    public static string MessagesChange(IEnumerable<string>? contacts, IEnumerable<string>? messages, IEnumerable<string>? statuses = null, string phoneNumberId = MetaPayloads.PhoneNumberId, string displayNumber = "15550783881")
    {
        var value = $"\"messaging_product\":\"whatsapp\",\"metadata\":{{\"display_phone_number\":\"{displayNumber}\",\"phone_number_id\":\"{phoneNumberId}\"}}";
        if (contacts is not null)
        {
            value += $",\"contacts\":[{string.Join(',', contacts)}]";
        }

        if (messages is not null)
        {
            value += $",\"messages\":[{string.Join(',', messages)}]";
        }

        if (statuses is not null)
        {
            value += $",\"statuses\":[{string.Join(',', statuses)}]";
        }

        return $"{{\"value\":{{{value}}},\"field\":\"messages\"}}";
    }

    /// <summary>A change of another webhook field: <c>{value, field}</c>.</summary>
    public static string FieldChange(string field, string value) => $"{{\"value\":{value},\"field\":\"{field}\"}}";

    /// <summary>The envelope: one entry (the WABA, with <c>time</c> when given) holding the changes. Source: Meta, "Webhooks overview".</summary>
    public static string Delivery(IEnumerable<string> changes, long? time = null, string wabaId = WabaId) =>
        $"{{\"object\":\"whatsapp_business_account\",\"entry\":[{{\"id\":\"{wabaId}\",{(time is { } t ? $"\"time\":{t.ToString(CultureInfo.InvariantCulture)}," : string.Empty)}\"changes\":[{string.Join(',', changes)}]}}]}}";

    public static string Delivery(params string[] changes) => Delivery((IEnumerable<string>)changes);

    /// <summary>
    /// A system message: the user changed their number (no <c>contacts</c> array; <c>from</c> is the old number,
    /// <c>system.wa_id</c> the new one; <c>system.user_id</c> / <c>previous_user_id</c> the new and old BSUID).
    /// Source: Meta, "System messages webhook reference" (Aug 11, 2026) and changelog of Aug 11, 2026.
    /// </summary>
    public static string ChangedNumber(string wamid, string oldPhone, string newPhone, string? oldUserId, string? newUserId, DateTimeOffset at, string name = "Kim Lee")
    {
        var system = new Dictionary<string, string>
        {
            ["body"] = $"User {name} changed from {oldPhone} to {newPhone}",
            ["wa_id"] = newPhone,
            ["type"] = "user_changed_number",
        };
        if (newUserId is not null)
        {
            system["user_id"] = newUserId;
        }

        if (oldUserId is not null)
        {
            system["previous_user_id"] = oldUserId;
        }

        return Message(wamid, oldPhone, null, at, "system", JsonSerializer.Serialize(system));
    }

    /// <summary>
    /// A system message: only the user's BSUID changed (no phone number can be shared).
    /// Source: Meta, "System messages webhook reference" (Aug 11, 2026): <c>user_changed_user_id</c> with
    /// <c>system.previous_user_id</c> alongside the new <c>system.user_id</c>.
    /// </summary>
    public static string ChangedUserId(string wamid, string previousUserId, string newUserId, DateTimeOffset at) =>
        Message(wamid, null, null, at, "system", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["body"] = "User changed their business-scoped user id",
            ["user_id"] = newUserId,
            ["previous_user_id"] = previousUserId,
            ["type"] = "user_changed_user_id",
        }));

    /// <summary>
    /// A click-to-WhatsApp ad referral on a customer's first message.
    /// Source: Meta, messages webhook reference (<c>referral</c>); whatsapp-api-js <c>ServerMessage.referral</c>.
    /// </summary>
    public static string Referral(string sourceId, string sourceType = "ad") => "\"referral\":" + JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["source_url"] = "https://fb.me/3cr4Wqqkv",
        ["source_id"] = sourceId,
        ["source_type"] = sourceType,
        ["headline"] = "Summer sale: 30% off",
        ["body"] = "Tap to ask about sizes and delivery.",
        ["media_type"] = "image",
        ["image_url"] = "https://scontent.example.test/ad-image.jpg",
        ["ctwa_clid"] = "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMXP0Dx5mZ3cAA",
    });

    /// <summary>An order from the catalog. Source: Meta, order messages webhook reference; whatsapp-api-js <c>ServerOrderMessage</c>.</summary>
    public const string OrderObject =
        """{"catalog_id":"791352306152381","text":"Please deliver by Friday","product_items":[{"product_retailer_id":"sku-42","quantity":2,"item_price":19.9,"currency":"USD"},{"product_retailer_id":"sku-7","quantity":1,"item_price":5,"currency":"USD"}]}""";

    /// <summary>A Flow answer. Source: Meta, interactive messages webhook reference (<c>nfm_reply</c>); whatsapp-api-js <c>ServerInteractiveNFMMessage</c>.</summary>
    public const string FlowReplyObject =
        """{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\"flow_token\":\"f-1\",\"delivery_day\":\"Tuesday\",\"rating\":\"5\"}"}}""";

    /// <summary>A reaction removed: the emoji is empty. Source: Meta, reaction messages webhook reference.</summary>
    public const string ReactionRemovedObject = """{"message_id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUM4RTQ4NTAyMjFGMzBDNjk2RgA=","emoji":""}""";

    /// <summary>A location without name or address. Source: Meta, location messages webhook reference.</summary>
    public const string BareLocationObject = """{"latitude":-34.603722,"longitude":-58.381592}""";

    /// <summary>
    /// A message type the Cloud API does not support, with its error. Source: Meta, unsupported messages webhook
    /// reference; whatsapp-api-js <c>ServerUnsupportedMessage</c>.
    /// </summary>
    public static string Unsupported(string wamid, string from, DateTimeOffset at) =>
        $$$"""{"from":"{{{from}}}","id":"{{{wamid}}}","timestamp":"{{{MetaPayloads.Timestamp(at)}}}","type":"unsupported","unsupported":{"type":"video_note"},"errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown","error_data":{"details":"Message type is currently not supported."}}]}""";

    /// <summary>
    /// The user stopped (or resumed) marketing messages. Source: Meta, "user_preferences webhook reference"; BSUID
    /// fields per "Business-scoped user IDs".
    /// </summary>
    public static string UserPreferences(string? waId, string? userId, string value, DateTimeOffset at, string phoneNumberId = MetaPayloads.PhoneNumberId)
    {
        var preference = new Dictionary<string, object>
        {
            ["detail"] = value == "stop" ? "User requested to stop marketing messages" : "User requested to resume marketing messages",
            ["category"] = "marketing_messages",
            ["value"] = value,
            ["timestamp"] = at.ToUnixTimeSeconds(),
        };
        if (waId is not null)
        {
            preference["wa_id"] = waId;
        }

        if (userId is not null)
        {
            preference["user_id"] = userId;
        }

        return FieldChange(
            "user_preferences",
            $"{{\"messaging_product\":\"whatsapp\",\"metadata\":{{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"{phoneNumberId}\"}},\"contacts\":[{Contact(waId, userId)}],\"user_preferences\":[{JsonSerializer.Serialize(preference)}]}}");
    }

    /// <summary>A template was approved. Source: Meta, "message_template_status_update webhook reference".</summary>
    public static string TemplateStatus(string name, string @event = "APPROVED") =>
        FieldChange(
            "message_template_status_update",
            $$"""{"event":"{{@event}}","message_template_id":{{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}},"message_template_name":"{{name}}","message_template_language":"en_US","reason":"NONE","message_template_category":"UTILITY"}""");

    /// <summary>The number's throughput level changed. Source: Meta, "phone_number_quality_update webhook reference".</summary>
    public static string QualityUpdate(string displayNumber, string @event, string limit) =>
        FieldChange(
            "phone_number_quality_update",
            $$"""{"display_phone_number":"{{displayNumber}}","event":"{{@event}}","old_limit":"TIER_1K","current_limit":"{{limit}}","max_daily_conversations_per_business":"{{limit}}"}""");

    /// <summary>The business account was verified. Source: Meta, "account_update webhook reference".</summary>
    public static string AccountUpdate(string phoneNumber) =>
        FieldChange("account_update", $$"""{"phone_number":"{{phoneNumber}}","event":"VERIFIED_ACCOUNT"}""");

    /// <summary>An ad-attributed purchase. Source: Meta, "automatic_events webhook reference".</summary>
    public static string AutomaticEvent(string phoneNumberId) =>
        FieldChange(
            "automatic_events",
            $$$"""{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"{{{phoneNumberId}}}"},"automatic_events":[{"id":"wamid.auto-1","event_name":"Purchase","timestamp":1739321024,"ctwa_clid":"Afc3nYt5TUel","custom_data":{"currency":"USD","value":25.5}}]}""");
}
