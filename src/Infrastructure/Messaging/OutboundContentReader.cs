using System.Text.Json;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Infrastructure.Messaging;

/// <summary>Turns a queued message's stored content back into what the gateway sends.</summary>
internal static class OutboundContentReader
{
    /// <summary>
    /// Null when the stored content is not a text, template or media message WhatsSuite wrote. A media message's
    /// <see cref="OutboundMedia.Id"/> is WhatsApp's media id once the file was uploaded, null before.
    /// </summary>
    public static OutboundContent? Read(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            using var document = JsonDocument.Parse(message.Content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return message.Type switch
            {
                MessageTypes.Text when root.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String => new OutboundContent
                {
                    Type = MessageTypes.Text,
                    Text = body.GetString(),
                    PreviewUrl = root.TryGetProperty("preview_url", out var preview) && preview.ValueKind == JsonValueKind.True,
                    ReplyToWamid = message.ReplyToWamid,
                },
                MessageTypes.Template when root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && root.TryGetProperty("language", out var language) && language.ValueKind == JsonValueKind.Object
                    && language.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String => new OutboundContent
                    {
                        Type = MessageTypes.Template,
                        Template = new OutboundTemplate(name.GetString()!, code.GetString()!, Components(root)),
                        ReplyToWamid = message.ReplyToWamid,
                    },
                _ when MessageTypes.Media.Contains(message.Type) && message.MediaObjectId is not null => new OutboundContent
                {
                    Type = message.Type,
                    Media = new OutboundMedia(message.MediaId, null, String(root, "caption"), String(root, "filename")),
                    ReplyToWamid = message.ReplyToWamid,
                },
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Components(JsonElement root) =>
        root.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array && components.GetArrayLength() > 0
            ? components.GetRawText()
            : null;
}
