using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using WhatsSuite.Application.Common.Csv;
using WhatsSuite.Application.Messages;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// Writes a <see cref="ConversationExport"/> to a stream while its conversations and messages are read, flushing every
/// few hundred messages, so that an export never sits whole in memory:
/// <list type="bullet">
/// <item>JSON: an object <c>{"conversation": …, "messages": […]}</c> per conversation.</item>
/// <item>CSV: a header and one row per message, each row carrying its conversation's id, contact and queue; cells are
/// escaped by <see cref="CsvBuilder.Escape"/> (RFC 4180 quoting, a leading quote against spreadsheet formulas).</item>
/// <item>HTML: a printable transcript per conversation, plain tables with presentation attributes only (no script, no
/// style sheet, nothing loaded from elsewhere) and its own content security policy, so that a saved copy is as inert
/// as the served one; every text from data is HTML-encoded.</item>
/// </list>
/// Media links are <paramref name="origin"/> followed by the authenticated download of the message's media.
/// </summary>
public static class ConversationExportWriter
{
    /// <summary>The policy the HTML transcript declares for itself (it needs nothing: no script, style, image or form).</summary>
    public const string HtmlPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'";

    private const int FlushEvery = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    private static readonly string[] CsvHeader =
    [
        "conversationId", "contactPhone", "contactName", "queue", "messageId", "sentAt", "direction", "author", "type", "text",
        "status", "statusAt", "deliveredAt", "readAt", "errorCode", "errorTitle", "mediaFileName", "mediaType", "mediaSize", "mediaStatus", "mediaUrl",
    ];

    /// <summary>The MIME type of <paramref name="export"/>, with its charset: a set in JSON is newline-delimited JSON.</summary>
    public static string ContentType(ConversationExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        return export.Format switch
        {
            ConversationExportFormat.Csv => "text/csv; charset=utf-8",
            ConversationExportFormat.Html => "text/html; charset=utf-8",
            _ when export.Several => "application/x-ndjson; charset=utf-8",
            _ => "application/json; charset=utf-8",
        };
    }

    /// <summary>Writes <paramref name="export"/> to <paramref name="stream"/>; the number of conversations and messages written.</summary>
    public static async Task<(int Conversations, int Messages)> WriteAsync(ConversationExport export, Stream stream, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(origin);
        return export.Format switch
        {
            ConversationExportFormat.Csv => await WriteCsvAsync(export, stream, origin, cancellationToken),
            ConversationExportFormat.Html => await WriteHtmlAsync(export, stream, origin, cancellationToken),
            _ => await WriteJsonAsync(export, stream, origin, cancellationToken),
        };
    }

    private static async Task<(int, int)> WriteJsonAsync(ConversationExport export, Stream stream, string origin, CancellationToken ct)
    {
        // The JSON is written into a buffer and the buffer copied to the stream asynchronously (a response body takes no
        // synchronous writes): at most about FlushEvery messages are held at a time.
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        int conversations = 0, messages = 0;
        await foreach (var c in export.Conversations.WithCancellation(ct))
        {
            if (conversations++ > 0)
            {
                // One object per conversation, one per line.
                json.Reset();
                buffer.Write("\n"u8);
            }

            json.WriteStartObject();
            json.WritePropertyName("conversation");
            JsonSerializer.Serialize(json, c.Conversation, Json);
            json.WriteStartArray("messages");
            await foreach (var m in c.Messages.WithCancellation(ct))
            {
                JsonSerializer.Serialize(json, JsonMessage.From(m, origin), Json);
                if (++messages % FlushEvery == 0)
                {
                    await CopyAsync(json, buffer, stream, ct);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await CopyAsync(json, buffer, stream, ct);
        }

        await CopyAsync(json, buffer, stream, ct);
        await stream.FlushAsync(ct);
        return (conversations, messages);
    }

    private static async Task CopyAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream stream, CancellationToken ct)
    {
        json.Flush();
        await stream.WriteAsync(buffer.WrittenMemory, ct);
        buffer.ResetWrittenCount();
    }

    private static async Task<(int, int)> WriteCsvAsync(ConversationExport export, Stream stream, string origin, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(CsvHeader));
        int conversations = 0, messages = 0;
        await foreach (var c in export.Conversations.WithCancellation(ct))
        {
            conversations++;
            var conversation = c.Conversation;
            await foreach (var m in c.Messages.WithCancellation(ct))
            {
                await writer.WriteAsync(Line(
                    conversation.Id.ToString(),
                    conversation.Contact.WaId,
                    conversation.Contact.Name,
                    conversation.Queue?.Name,
                    m.Id.ToString(),
                    Time(m.SentAt),
                    Name(m.Direction),
                    m.Author?.FullName,
                    m.Type,
                    m.Text,
                    Name(m.Status),
                    Time(m.StatusAt),
                    Time(m.DeliveredAt),
                    Time(m.ReadAt),
                    m.ErrorCode,
                    m.ErrorTitle,
                    m.Media?.FileName,
                    m.Media?.ContentType,
                    m.Media?.Size?.ToString(CultureInfo.InvariantCulture),
                    m.Media?.Status is { } mediaStatus ? Name(mediaStatus) : null,
                    Url(m.Media, origin)));
                if (++messages % FlushEvery == 0)
                {
                    await writer.FlushAsync(ct);
                }
            }
        }

        await writer.FlushAsync(ct);
        return (conversations, messages);
    }

    private static async Task<(int, int)> WriteHtmlAsync(ConversationExport export, Stream stream, string origin, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"" + HtmlPolicy + "\">"
            + "<meta name=\"referrer\" content=\"no-referrer\"><title>" + E(TitleOf(export)) + "</title></head><body>");
        int conversations = 0, messages = 0;
        await foreach (var c in export.Conversations.WithCancellation(ct))
        {
            conversations++;
            await writer.WriteAsync(Header(c.Conversation));
            var count = 0;
            await foreach (var m in c.Messages.WithCancellation(ct))
            {
                await writer.WriteAsync(Row(m, origin));
                count++;
                if (++messages % FlushEvery == 0)
                {
                    await writer.FlushAsync(ct);
                }
            }

            await writer.WriteAsync("</tbody></table><p>" + E(string.Create(CultureInfo.InvariantCulture, $"{count:N0} messages.")) + "</p></section>");
        }

        await writer.WriteAsync("</body></html>");
        await writer.FlushAsync(ct);
        return (conversations, messages);
    }

    private static string TitleOf(ConversationExport export) => "WhatsSuite transcript – " + export.FileName;

    private static string Header(ConversationDto c)
    {
        var html = new StringBuilder();
        var contact = string.IsNullOrEmpty(c.Contact.WaId) ? c.Contact.Name : $"{c.Contact.Name} (+{c.Contact.WaId})";
        html.Append("<section><h1>Conversation with ").Append(E(contact)).Append("</h1>");
        html.Append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tbody>");
        Fact(html, "Conversation", c.Id.ToString());
        Fact(html, "Status", c.Status.ToString());
        Fact(html, "Line", $"{c.Connection.Name} (+{c.Connection.DisplayNumber})");
        Fact(html, "Queue", c.Queue?.Name ?? "—");
        Fact(html, "Assigned to", c.Assignee?.FullName ?? "—");
        Fact(html, "Started", Time(c.CreatedAt) ?? "—");
        Fact(html, "Closed", Time(c.ClosedAt) ?? "—");
        html.Append("</tbody></table><h2>Messages (times in UTC)</h2>");
        html.Append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" width=\"100%\"><thead><tr><th>Time</th><th>From</th><th>Type</th><th>Message</th><th>Status</th></tr></thead><tbody>");
        return html.ToString();
    }

    private static void Fact(StringBuilder html, string name, string value) =>
        html.Append("<tr><th align=\"left\">").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private static string Row(ExportedMessage m, string origin)
    {
        var html = new StringBuilder("<tr valign=\"top\"><td>").Append(E(Time(m.SentAt)!)).Append("</td><td>");
        html.Append(E(m.Direction == MessageDirection.Inbound ? "Customer" : m.Author?.FullName ?? "Business")).Append("</td><td>").Append(E(m.Type)).Append("</td><td>");
        if (!string.IsNullOrEmpty(m.Text))
        {
            // Line breaks of the text are kept; everything else is plain, encoded text.
            html.Append(string.Join("<br>", m.Text.Split('\n').Select(line => E(line.TrimEnd('\r')))));
        }

        if (m.Media is { } media)
        {
            var label = $"{media.FileName ?? "file"} ({media.ContentType ?? "unknown type"}{(media.Size is { } size ? string.Create(CultureInfo.InvariantCulture, $", {size:N0} bytes") : string.Empty)})";
            html.Append(string.IsNullOrEmpty(m.Text) ? string.Empty : "<br>").Append("Attachment: ");
            html.Append(Url(media, origin) is { } url
                ? "<a href=\"" + E(url) + "\" rel=\"noreferrer\">" + E(label) + "</a>"
                : E(label + " – not available"));
        }

        html.Append("</td><td>").Append(E(Name(m.Status)));
        foreach (var (name, at) in new[] { ("delivered", m.DeliveredAt), ("read", m.ReadAt) })
        {
            if (at is { } time)
            {
                html.Append("<br>").Append(E($"{name} {Time(time)}"));
            }
        }

        if (m.ErrorCode is not null)
        {
            html.Append("<br>").Append(E($"error {m.ErrorCode} {m.ErrorTitle}".TrimEnd()));
        }

        return html.Append("</td></tr>").ToString();
    }

    private static string Line(params string?[] cells) => string.Join(',', cells.Select(CsvBuilder.Escape)) + "\r\n";

    private static string? Url(ExportedMedia? media, string origin) => media?.Path is { } path ? origin + path : null;

    private static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An enum value as the API writes it (its JSON name).</summary>
    private static string Name<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, Json).Trim('"');

    /// <summary>A message as the JSON export writes it: its media link made absolute.</summary>
    private sealed record JsonMessage(
        Guid Id,
        MessageDirection Direction,
        string Type,
        string? Text,
        MessageSenderDto? Author,
        MessageStatus Status,
        DateTimeOffset SentAt,
        DateTimeOffset? StatusAt,
        DateTimeOffset? DeliveredAt,
        DateTimeOffset? ReadAt,
        string? ErrorCode,
        string? ErrorTitle,
        JsonMedia? Media)
    {
        public static JsonMessage From(ExportedMessage m, string origin) => new(
            m.Id, m.Direction, m.Type, m.Text, m.Author, m.Status, m.SentAt, m.StatusAt, m.DeliveredAt, m.ReadAt, m.ErrorCode, m.ErrorTitle,
            m.Media is { } media ? new JsonMedia(media.FileName, media.ContentType, media.Size, media.Status, Url(media, origin)) : null);
    }

    private sealed record JsonMedia(string? FileName, string? ContentType, long? Size, MediaStatus? Status, string? Url);
}
