using System.Text.Json.Nodes;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.WhatsApp;

/// <summary>
/// The JSON body of <c>POST {phone-number-id}/messages</c>, as the Cloud API documents it: the recipient is
/// <c>to</c> (a phone number) or <c>recipient</c> (a business-scoped user id, for users whose number is withheld).
/// </summary>
internal static class CloudApiMessageBody
{
    /// <summary>The content cannot be expressed as a Cloud API message (a bug of the caller, never retried).</summary>
    public const string InvalidRequestCode = "invalid_request";

    private static readonly HashSet<string> MediaTypes = new(StringComparer.Ordinal) { "image", "audio", "video", "document", "sticker" };

    /// <summary>
    /// The request for <paramref name="to"/> (a phone number) or, when no number is known, for
    /// <paramref name="recipientUserId"/> (a business-scoped user id, sent as <c>recipient</c>; WhatsApp gives <c>to</c>
    /// precedence when both are present, so only one is sent).
    /// </summary>
    public static JsonObject Build(string? to, OutboundContent content, string? recipientUserId = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
        };
        if (!string.IsNullOrWhiteSpace(to))
        {
            body["to"] = to;
        }
        else if (!string.IsNullOrWhiteSpace(recipientUserId))
        {
            body["recipient"] = recipientUserId;
        }
        else
        {
            throw new ArgumentException("A message needs a phone number or a business-scoped user id to go to.", nameof(to));
        }

        body["type"] = content.Type;
        if (content.ReplyToWamid is { Length: > 0 } replyTo)
        {
            body["context"] = new JsonObject { ["message_id"] = replyTo };
        }

        body[content.Type] = content.Type switch
        {
            "text" => Text(content),
            "template" => Template(content.Template ?? throw new ArgumentException("A template message needs its template.", nameof(content))),
            _ when MediaTypes.Contains(content.Type) => Media(content.Type, content.Media ?? throw new ArgumentException("A media message needs its media.", nameof(content))),
            _ => throw new ArgumentException($"'{content.Type}' is not a message type the Cloud API sends.", nameof(content)),
        };
        return body;
    }

    private static JsonObject Text(OutboundContent content)
    {
        if (string.IsNullOrEmpty(content.Text))
        {
            throw new ArgumentException("A text message needs its text.", nameof(content));
        }

        return new JsonObject { ["preview_url"] = content.PreviewUrl, ["body"] = content.Text };
    }

    private static JsonObject Template(OutboundTemplate template)
    {
        var node = new JsonObject
        {
            ["name"] = template.Name,
            ["language"] = new JsonObject { ["code"] = template.LanguageCode },
        };
        if (template.ComponentsJson is not null)
        {
            node["components"] = JsonNode.Parse(template.ComponentsJson) as JsonArray
                ?? throw new ArgumentException("The template components must be a JSON array.", nameof(template));
        }

        return node;
    }

    private static JsonObject Media(string type, OutboundMedia media)
    {
        var node = new JsonObject();
        if (media.Id is { Length: > 0 } id)
        {
            node["id"] = id;
        }
        else if (media.Link is { Length: > 0 } link)
        {
            node["link"] = link;
        }
        else
        {
            throw new ArgumentException("Media needs an uploaded id or a link.", nameof(media));
        }

        if (type is not ("audio" or "sticker") && media.Caption is { Length: > 0 } caption)
        {
            node["caption"] = caption;
        }

        if (type == "document" && media.FileName is { Length: > 0 } fileName)
        {
            node["filename"] = fileName;
        }

        return node;
    }
}
