using System.Text;
using System.Text.Json;

namespace WhatsSuite.Application.Webhooks.ProcessWebhookDelivery;

/// <summary>
/// Rebuilds Meta-shaped delivery bodies from parts of a received one, for entries split off from it: one item in
/// its change (with the change's metadata and contacts), or a set of whole changes (one number's share of an app
/// delivery). The parts are copied as WhatsApp sent them, never re-serialised.
/// </summary>
internal static class WebhookEnvelope
{
    /// <summary>A delivery holding <paramref name="item"/> alone.</summary>
    public static string ForItem(WebhookItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Array is null)
        {
            return ForChanges([item.Change]);
        }

        return Write(json =>
        {
            WriteEntryStart(json, item.Change);
            json.WriteStartObject();
            json.WriteString("field", item.Change.Field);
            json.WriteStartObject("value");
            json.WriteString("messaging_product", "whatsapp");
            if (item.Change.Metadata is { } metadata)
            {
                json.WritePropertyName("metadata");
                json.WriteRawValue(metadata, skipInputValidation: true);
            }

            if (item.Change.Contacts is { } contacts)
            {
                json.WritePropertyName("contacts");
                json.WriteRawValue(contacts, skipInputValidation: true);
            }

            json.WriteStartArray(item.Array);
            json.WriteRawValue(item.Raw, skipInputValidation: true);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            WriteEntryEnd(json);
        });
    }

    /// <summary>A delivery holding <paramref name="changes"/>, grouped under their entries in the order given.</summary>
    public static string ForChanges(IReadOnlyList<WebhookChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return Write(json =>
        {
            foreach (var group in changes.GroupBy(c => (c.EntryId, c.EntryTime)))
            {
                WriteEntryStart(json, group.First());
                foreach (var change in group)
                {
                    json.WriteRawValue(change.Raw, skipInputValidation: true);
                }

                WriteEntryEnd(json);
            }
        });
    }

    private static string Write(Action<Utf8JsonWriter> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "whatsapp_business_account");
            json.WriteStartArray("entry");
            entries(json);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteEntryStart(Utf8JsonWriter json, WebhookChange change)
    {
        json.WriteStartObject();
        if (change.EntryId is { } id)
        {
            json.WriteString("id", id);
        }

        if (change.EntryTime is { } time)
        {
            json.WriteNumber("time", time);
        }

        json.WriteStartArray("changes");
    }

    private static void WriteEntryEnd(Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
