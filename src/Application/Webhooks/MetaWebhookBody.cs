using System.Globalization;
using System.Text.Json.Nodes;

namespace WhatsSuite.Application.Webhooks;

/// <summary>
/// Meta's WhatsApp webhook body, for the deliveries WhatsSuite makes itself (the sandbox's inbound messages and its
/// delivery reports): one entry of the account (<c>entry.id</c>), one change of field <c>messages</c> for one phone
/// number (<c>metadata</c>), holding a message with its contact or a status. The one builder of this shape, so
/// simulated deliveries stay what the webhook reader expects from WhatsApp.
/// </summary>
public static class MetaWebhookBody
{
    /// <summary>An inbound message (its <c>messages[]</c> object) with the sender's <c>contacts[]</c> object.</summary>
    public static byte[] Message(string entryId, string displayNumber, string phoneNumberId, JsonObject contact, JsonObject message) =>
        Envelope(entryId, displayNumber, phoneNumberId, new JsonObject
        {
            ["contacts"] = new JsonArray(contact),
            ["messages"] = new JsonArray(message),
        });

    /// <summary>
    /// A status report (<c>sent</c>, <c>delivered</c>, <c>read</c>, ...) of outbound message <paramref name="wamid"/>. A message
    /// sent to a business-scoped user id (no phone number) is reported with <c>recipient_user_id</c> instead of <c>recipient_id</c>.
    /// </summary>
    public static byte[] Status(
        string entryId, string displayNumber, string phoneNumberId, string wamid, string status, string? recipientId, string? recipientUserId, DateTimeOffset at, string conversationId)
    {
        var report = new JsonObject
        {
            ["id"] = wamid,
            ["status"] = status,
            ["timestamp"] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        if (recipientId is not null)
        {
            report["recipient_id"] = recipientId;
        }
        else if (recipientUserId is not null)
        {
            report["recipient_user_id"] = recipientUserId;
        }

        report["conversation"] = new JsonObject { ["id"] = conversationId, ["origin"] = new JsonObject { ["type"] = "service" } };
        report["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "CBP", ["category"] = "service" };
        return Envelope(entryId, displayNumber, phoneNumberId, new JsonObject { ["statuses"] = new JsonArray(report) });
    }

    private static byte[] Envelope(string entryId, string displayNumber, string phoneNumberId, JsonObject content)
    {
        var value = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject { ["display_phone_number"] = displayNumber, ["phone_number_id"] = phoneNumberId },
        };
        foreach (var (name, node) in content.ToList())
        {
            content.Remove(name);
            value[name] = node;
        }

        var payload = new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = entryId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
            }),
        };
        return System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString());
    }
}
