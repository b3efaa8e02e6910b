using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.WhatsApp;

/// <summary>
/// The WhatsApp Business Cloud API (Graph API) over HTTPS: <c>POST {phone-number-id}/messages</c> to send,
/// <c>POST {phone-number-id}/media</c> to upload a file for a media message, and <c>GET {phone-number-id}</c> to check credentials, with the connection's access token as bearer.
/// Every answer and every transport failure becomes a result; only the caller's cancellation throws. Each call has its
/// own time limit: <c>WHATSAPP_MEDIA_UPLOAD_TIMEOUT</c> for a media upload (a file of up to 100 MB), <c>WHATSAPP_HTTP_TIMEOUT</c>
/// for everything else.
/// </summary>
internal sealed partial class CloudApiGateway(HttpClient http, WhatsAppSettings settings, TimeProvider clock, ILogger<CloudApiGateway> logger) : IWhatsAppGateway
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    public ConnectionProvider Provider => ConnectionProvider.CloudApi;

    /// <summary>
    /// Points a client at <c>{WHATSAPP_GRAPH_BASE_URL}/{WHATSAPP_GRAPH_VERSION}/</c>. The client itself has no time limit:
    /// each call sets its own, so a large upload is not held to a message send's limit.
    /// </summary>
    public static void Configure(HttpClient client, WhatsAppSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        client.BaseAddress = new Uri($"{settings.GraphBaseUrl.AbsoluteUri.TrimEnd('/')}/{settings.GraphVersion.Trim('/')}/");
        client.Timeout = Timeout.InfiniteTimeSpan;
    }

    public async Task<GatewaySendResult> SendAsync(GatewaySendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string body;
        try
        {
            body = CloudApiMessageBody.Build(request.To, request.Content, request.RecipientUserId).ToJsonString();
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            return GatewaySendResult.Failed(new GatewayError(CloudApiMessageBody.InvalidRequestCode, exception.Message, null, Retryable: false, CredentialsInvalid: false));
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Uri.EscapeDataString(request.Credentials.PhoneNumberId)}/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, JsonContentType),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Credentials.AccessToken);
        var answer = await ExchangeAsync(message, cancellationToken);
        if (answer.Failure is { } failure)
        {
            LogSendFailed(logger, request.Credentials.ConnectionId, answer.Status, failure.Code, failure.Retryable);
            return GatewaySendResult.Failed(failure);
        }

        var wamid = ReadString(answer.Body, root => root["messages"] is JsonArray { Count: > 0 } messages ? messages[0]?["id"] : null);
        if (wamid is null)
        {
            LogSendFailed(logger, request.Credentials.ConnectionId, answer.Status, GatewayErrorCodes.InvalidResponse, false);
            return GatewaySendResult.Failed(new GatewayError(GatewayErrorCodes.InvalidResponse, "The answer did not name the sent message.", null, Retryable: false, CredentialsInvalid: false));
        }

        return GatewaySendResult.Accepted(wamid);
    }

    /// <summary>
    /// <c>POST {phone-number-id}/media</c> as multipart/form-data: <c>messaging_product=whatsapp</c>, <c>type</c> (the
    /// file's type) and <c>file</c>, streamed from the store. Graph answers <c>{"id": "..."}</c>. Limited by
    /// <c>WHATSAPP_MEDIA_UPLOAD_TIMEOUT</c>, not <c>WHATSAPP_HTTP_TIMEOUT</c>.
    /// </summary>
    public async Task<GatewayUploadResult> UploadMediaAsync(GatewayCredentials credentials, GatewayMediaUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(upload);
        var file = new StreamContent(upload.Content);
        file.Headers.ContentType = new MediaTypeHeaderValue(upload.ContentType);
        file.Headers.ContentLength = upload.Size;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("whatsapp"), "messaging_product" },
            { new StringContent(upload.ContentType), "type" },
            { file, "file", upload.FileName },
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Uri.EscapeDataString(credentials.PhoneNumberId)}/media") { Content = form };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        var answer = await ExchangeAsync(message, settings.MediaUploadTimeout, cancellationToken);
        if (answer.Failure is { } failure)
        {
            LogUploadFailed(logger, credentials.ConnectionId, answer.Status, failure.Code, failure.Retryable);
            return GatewayUploadResult.Failed(failure);
        }

        var id = ReadString(answer.Body, root => root["id"]);
        return id is null
            ? GatewayUploadResult.Failed(InvalidResponse("The answer did not name the uploaded media."))
            : GatewayUploadResult.Uploaded(id);
    }

    public async Task<CredentialsCheckResult> CheckCredentialsAsync(GatewayCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        using var message = new HttpRequestMessage(HttpMethod.Get, $"{Uri.EscapeDataString(credentials.PhoneNumberId)}?fields=verified_name,display_phone_number");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        var answer = await ExchangeAsync(message, cancellationToken);
        if (answer.Failure is { } failure)
        {
            return new CredentialsCheckResult(false, failure.Code, failure.Title, null, null);
        }

        return new CredentialsCheckResult(
            true,
            null,
            null,
            ReadString(answer.Body, root => root["verified_name"]),
            ReadString(answer.Body, root => root["display_phone_number"]));
    }

    /// <summary>Templates are read with at most this many per page (Graph's <c>limit</c>).</summary>
    public const int TemplatePageSize = 100;

    private const string TemplateFields = "id,name,language,category,status,rejected_reason,components";

    public async Task<TemplatePageResult> ListTemplatesAsync(GatewayCredentials credentials, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (string.IsNullOrWhiteSpace(credentials.WabaId))
        {
            return TemplatePageResult.Failed(WabaIdMissing());
        }

        var path = $"{Uri.EscapeDataString(credentials.WabaId)}/message_templates?fields={TemplateFields}&limit={TemplatePageSize}"
            + (after is null ? string.Empty : $"&after={Uri.EscapeDataString(after)}");
        using var message = new HttpRequestMessage(HttpMethod.Get, path);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        var answer = await ExchangeAsync(message, cancellationToken);
        if (answer.Failure is { } failure)
        {
            return TemplatePageResult.Failed(failure);
        }

        try
        {
            if (JsonNode.Parse(answer.Body) is not JsonObject root || root["data"] is not JsonArray data)
            {
                return TemplatePageResult.Failed(InvalidResponse("The answer held no template list."));
            }

            var templates = new List<GatewayTemplate>();
            foreach (var item in data.OfType<JsonObject>())
            {
                var name = Scalar(item["name"]);
                var language = Scalar(item["language"]);
                if (name is null || language is null)
                {
                    continue;
                }

                templates.Add(new GatewayTemplate(
                    Scalar(item["id"]),
                    name,
                    language,
                    Scalar(item["category"]) ?? "UTILITY",
                    Scalar(item["status"]) ?? "PENDING",
                    Scalar(item["rejected_reason"]),
                    (item["components"] as JsonArray)?.ToJsonString() ?? "[]"));
            }

            // Graph gives paging.next only when there is a next page; the cursor is paging.cursors.after.
            var next = root["paging"] is JsonObject paging && paging["next"] is not null && paging["cursors"] is JsonObject cursors ? Scalar(cursors["after"]) : null;
            return new TemplatePageResult(templates, next, null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return TemplatePageResult.Failed(InvalidResponse("The answer was not a template list."));
        }
    }

    public async Task<TemplateSubmitResult> SubmitTemplateAsync(GatewayCredentials credentials, TemplateSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(submission);
        if (string.IsNullOrWhiteSpace(credentials.WabaId))
        {
            return TemplateSubmitResult.Failed(WabaIdMissing());
        }

        var body = new JsonObject
        {
            ["name"] = submission.Name,
            ["language"] = submission.Language,
            ["category"] = submission.Category,
            ["components"] = JsonNode.Parse(submission.ComponentsJson),
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Uri.EscapeDataString(credentials.WabaId)}/message_templates")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, JsonContentType),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        var answer = await ExchangeAsync(message, cancellationToken);
        if (answer.Failure is { } failure)
        {
            return TemplateSubmitResult.Failed(failure);
        }

        var id = ReadString(answer.Body, root => root["id"]);
        return id is null
            ? TemplateSubmitResult.Failed(InvalidResponse("The answer did not name the template."))
            : new TemplateSubmitResult(id, ReadString(answer.Body, root => root["status"]), ReadString(answer.Body, root => root["category"]), null);
    }

    private static GatewayError WabaIdMissing() =>
        new(GatewayErrorCodes.WabaIdMissing, "The connection has no WhatsApp Business Account id; set wabaId on the connection.", null, Retryable: false, CredentialsInvalid: false);

    private static GatewayError InvalidResponse(string title) =>
        new(GatewayErrorCodes.InvalidResponse, title, null, Retryable: false, CredentialsInvalid: false);

    private static string? Scalar(JsonNode? node) =>
        node is JsonValue value
            ? value.TryGetValue<string>(out var text) ? (text.Length > 0 ? text : null)
            : value.TryGetValue<long>(out var number) ? number.ToString(CultureInfo.InvariantCulture) : null
            : null;

    /// <summary>Sends and reads the whole answer; a failure is an error answer or a transport failure.</summary>
    private Task<Answer> ExchangeAsync(HttpRequestMessage message, CancellationToken cancellationToken) =>
        ExchangeAsync(message, settings.HttpTimeout, cancellationToken);

    /// <summary>Sends and reads the answer within <paramref name="timeout"/> (the whole exchange: request body included).</summary>
    private async Task<Answer> ExchangeAsync(HttpRequestMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(message, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new Answer(status, body, null)
                : new Answer(status, body, CloudApiErrors.Map(response.StatusCode, response.ReasonPhrase, body, RetryAfter(response.Headers.RetryAfter)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(0, string.Empty, new GatewayError(GatewayErrorCodes.Timeout, "WhatsApp did not answer in time.", null, Retryable: true, CredentialsInvalid: false));
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return new Answer(0, string.Empty, new GatewayError(GatewayErrorCodes.NetworkError, "WhatsApp could not be reached.", null, Retryable: true, CredentialsInvalid: false));
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? ReadString(string body, Func<JsonNode, JsonNode?> select)
    {
        try
        {
            return JsonNode.Parse(body) is { } root && select(root) is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // The path met an array where it expected an object, or the reverse.
            return null;
        }
    }

    [LoggerMessage(EventId = LogEvents.CloudApiSendRefused, Level = LogLevel.Warning, Message = "WhatsApp refused a message of connection {ConnectionId}: HTTP {Status}, code {ErrorCode}, retryable {Retryable}")]
    private static partial void LogSendFailed(ILogger logger, Guid connectionId, int status, string errorCode, bool retryable);

    [LoggerMessage(EventId = LogEvents.CloudApiMediaUploadRefused, Level = LogLevel.Warning, Message = "WhatsApp refused a media upload of connection {ConnectionId}: HTTP {Status}, code {ErrorCode}, retryable {Retryable}")]
    private static partial void LogUploadFailed(ILogger logger, Guid connectionId, int status, string errorCode, bool retryable);

    private sealed record Answer(int Status, string Body, GatewayError? Failure);
}

/// <summary>Graph error answers as <see cref="GatewayError"/>s.</summary>
internal static class CloudApiErrors
{
    /// <summary>
    /// <c>{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}</c> gives the
    /// code, title and details; any other body gives <c>http_&lt;status&gt;</c>. Retryable: 429, 5xx and the
    /// transient Graph codes. Credentials invalid: code 190, or a 401 without a Graph error.
    /// </summary>
    public static GatewayError Map(HttpStatusCode status, string? reasonPhrase, string body, TimeSpan? retryAfter)
    {
        var code = (int)status;
        var transient = code is 429 or >= 500;
        if (TryParse(body, out var graphCode, out var title, out var details))
        {
            return new GatewayError(
                graphCode,
                title,
                details,
                Retryable: transient || GatewayErrorCodes.TransientGraphCodes.Contains(graphCode),
                CredentialsInvalid: graphCode == GatewayErrorCodes.InvalidAccessToken,
                retryAfter);
        }

        return new GatewayError(GatewayErrorCodes.Http(code), reasonPhrase, null, transient, CredentialsInvalid: status == HttpStatusCode.Unauthorized, retryAfter);
    }

    private static bool TryParse(string body, out string code, out string? title, out string? details)
    {
        code = string.Empty;
        title = null;
        details = null;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject root || root["error"] is not JsonObject error || error["code"] is not JsonValue codeValue)
            {
                return false;
            }

            if (codeValue.TryGetValue<long>(out var number))
            {
                code = number.ToString(CultureInfo.InvariantCulture);
            }
            else if (codeValue.TryGetValue<string>(out var text) && text.Length > 0)
            {
                code = text;
            }
            else
            {
                return false;
            }

            title = error["message"] is JsonValue message && message.TryGetValue<string>(out var m) ? m : null;
            details = error["error_data"] is JsonObject data && data["details"] is JsonValue d && d.TryGetValue<string>(out var text2) ? text2 : null;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
