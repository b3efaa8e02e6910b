using System.Globalization;

namespace WhatsSuite.Api.IntegrationTests.Webhooks;

/// <summary>
/// Webhook bodies in the exact shape WhatsApp Cloud API sends (from Meta's messages webhook reference, one page per
/// type, and logged deliveries; see <c>Payloads/README.md</c>). Placeholders <c>__FROM__</c>, <c>__WAMID__</c>,
/// <c>__TS__</c> and <c>__NAME__</c> are filled per test. System messages change the sender's identity, so they
/// have tests of their own (<c>Payloads/MetaShapes.cs</c>).
/// </summary>
public static class MetaPayloads
{
    public const string Customer = "16505551234";

    /// <summary>The phone number id the payloads are written for; posts address them to the connection's own.</summary>
    public const string PhoneNumberId = "106540352242922";

    public static readonly IReadOnlyDictionary<string, string> Messages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["text"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","text":{"body":"Hello, I need help with my order"},"type":"text"}""",
        ["text_reply"] = """{"context":{"from":"15550783881","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3QUZCQzE3RjVBRTQxQ0Y5MDAA"},"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","text":{"body":"Yes, that one"},"type":"text"}""",
        ["image"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"image","image":{"caption":"Broken screen","mime_type":"image/jpeg","sha256":"2hCEqYV6PdLn+rYIs0HsjOX1nqVgsWZqEfLhC6wV+Ic=","id":"1003383421387256"}}""",
        ["audio"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"audio","audio":{"mime_type":"audio/ogg; codecs=opus","sha256":"aHnCw8R5b6Xv3bU4Hl3Z0VqJt+0o4nGkqS0v1y9bB1o=","id":"1168437234487281","voice":true}}""",
        ["video"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"video","video":{"caption":"Unboxing","mime_type":"video/mp4","sha256":"b1Hk7yq0p3sXo9Q8w3nE8c0zW2lY2o5L8Zr0K0cH1t4=","id":"1234097231845901"}}""",
        ["document"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"document","document":{"caption":"My invoice","filename":"invoice-2041.pdf","mime_type":"application/pdf","sha256":"Zk5+0bqk9g2gA6Hq0b3fYbq1oQx3uWgqI3H9cU1vR2s=","id":"1891346414903478"}}""",
        ["sticker"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"sticker","sticker":{"mime_type":"image/webp","sha256":"Rk3lQ2c8m1fO0xT3Yt1o8b2WlW4v7uXa1Zr3s9dE0yI=","id":"1402938012746813","animated":false}}""",
        ["location"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","location":{"address":"1 Hacker Way, Menlo Park, CA 94025","latitude":37.483307,"longitude":-122.148981,"name":"Main Street Beach","url":"https://example.com"},"type":"location"}""",
        ["contacts"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","contacts":[{"name":{"first_name":"Ana","last_name":"Souza","formatted_name":"Ana Souza"},"phones":[{"phone":"+55 11 91234-5678","type":"CELL","wa_id":"5511912345678"}]},{"name":{"formatted_name":"Bruno Lima"},"phones":[]}],"type":"contacts"}""",
        ["button_reply"] = """{"context":{"from":"15550783881","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCQjA4QUE5RjE4NDZGQzJFRTQA"},"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"confirm-yes","title":"Yes, confirm"}}}""",
        ["list_reply"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"slot-2","title":"Tuesday 3 pm","description":"Afternoon slot"}}}""",
        ["nfm_reply"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{\"flow_token\":\"f-1\",\"rating\":\"5\"}","body":"Sent","name":"flow"}}}""",
        ["button"] = """{"context":{"from":"15550783881","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBIzRjI0N0U1NTBBRjFFMTAxQzQA"},"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"button","button":{"payload":"PROMO_STOP","text":"Stop promotions"}}""",
        ["reaction"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","reaction":{"message_id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUM4RTQ4NTAyMjFGMzBDNjk2RgA=","emoji":"\uD83D\uDC4D"},"type":"reaction"}""",
        ["order"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"order","order":{"catalog_id":"791352306152381","text":"Please deliver by Friday","product_items":[{"product_retailer_id":"sku-42","quantity":"2","item_price":"19.9","currency":"USD"}]}}""",
        ["unsupported"] = """{"from":"__FROM__","id":"__WAMID__","timestamp":"__TS__","type":"unsupported","errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown","error_data":{"details":"Message type is currently not supported."}}]}""",
    };

    private const string Metadata = "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + PhoneNumberId + "\"}";

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A delivery carrying one customer message (the template filled in) and the sender's profile.</summary>
    public static string MessageDelivery(string template, string wamid, string from = Customer, string name = "Sheena Nelson", DateTimeOffset? at = null)
    {
        var message = template.Replace("__FROM__", from, StringComparison.Ordinal)
            .Replace("__WAMID__", wamid, StringComparison.Ordinal)
            .Replace("__TS__", Timestamp(at ?? DateTimeOffset.UtcNow), StringComparison.Ordinal);
        return Envelope(Metadata + $$""","contacts":[{"profile":{"name":"{{name}}"},"wa_id":"{{from}}"}],"messages":[{{message}}]""");
    }

    public static string Text(string wamid, string body, string from = Customer, string name = "Sheena Nelson") =>
        MessageDelivery(Messages["text"].Replace("Hello, I need help with my order", body, StringComparison.Ordinal), wamid, from, name);

    /// <summary>A status update as WhatsApp sends it for a message the business sent.</summary>
    public static string StatusDelivery(string wamid, string status, DateTimeOffset at, string recipient = Customer)
    {
        var extra = status switch
        {
            "failed" => ""","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},"href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]""",
            "read" => string.Empty,
            _ => ""","conversation":{"id":"9b7c4a0e5d4d1f3a2b6c8e0f1a2b3c4d","expiration_timestamp":"1750350173","origin":{"type":"service"}},"pricing":{"billable":true,"pricing_model":"PMP","category":"service"}""",
        };
        return Envelope(Metadata + $$""","statuses":[{"id":"{{wamid}}","status":"{{status}}","timestamp":"{{Timestamp(at)}}","recipient_id":"{{recipient}}"{{extra}}}]""");
    }

    /// <summary>A system-level error (<c>value.errors</c>) with no message or status.</summary>
    public static string SystemErrorDelivery() =>
        Envelope(Metadata + ""","errors":[{"code":131000,"title":"Something went wrong","message":"Something went wrong","error_data":{"details":"Unknown error"},"href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]""");

    /// <summary>A change of another field (template status), stored as an event of the connection.</summary>
    public const string TemplateStatusDelivery =
        """{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1750263773,"changes":[{"value":{"event":"APPROVED","message_template_id":1234567890,"message_template_name":"order_update","message_template_language":"en_US","reason":"NONE"},"field":"message_template_status_update"}]}]}""";

    private static string Envelope(string value) =>
        """{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{""" + value + """},"field":"messages"}]}]}""";
}
