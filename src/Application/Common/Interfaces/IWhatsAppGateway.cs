using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Sends to WhatsApp for one kind of connection: the Cloud API (Graph API over HTTPS) or the in-process
/// sandbox. Resolve the right one with <see cref="IWhatsAppGatewayResolver"/>.
/// </summary>
public interface IWhatsAppGateway
{
    ConnectionProvider Provider { get; }

    /// <summary>Sends one message; never throws for an answer WhatsApp gave (that is a <see cref="GatewaySendResult"/>).</summary>
    Task<GatewaySendResult> SendAsync(GatewaySendRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a file for a media message (Graph <c>POST /{phone-number-id}/media</c>, multipart), streamed from
    /// <see cref="GatewayMediaUpload.Content"/>; answers WhatsApp's media id, or its error.
    /// </summary>
    Task<GatewayUploadResult> UploadMediaAsync(GatewayCredentials credentials, GatewayMediaUpload upload, CancellationToken cancellationToken);

    /// <summary>Asks WhatsApp whether the access token can use the phone number id.</summary>
    Task<CredentialsCheckResult> CheckCredentialsAsync(GatewayCredentials credentials, CancellationToken cancellationToken);

    /// <summary>One page of the WABA's message templates, from the paging cursor <paramref name="after"/> (null: the first page).</summary>
    Task<TemplatePageResult> ListTemplatesAsync(GatewayCredentials credentials, string? after, CancellationToken cancellationToken);

    /// <summary>Submits a new template for Meta's review; never throws for an answer WhatsApp gave.</summary>
    Task<TemplateSubmitResult> SubmitTemplateAsync(GatewayCredentials credentials, TemplateSubmission submission, CancellationToken cancellationToken);
}

public interface IWhatsAppGatewayResolver
{
    IWhatsAppGateway For(ConnectionProvider provider);
}

/// <summary>What a gateway needs of a connection, with the access token decrypted.</summary>
public sealed record GatewayCredentials(Guid ConnectionId, string PhoneNumberId, string? WabaId, string DisplayNumber, string AccessToken);

/// <summary>
/// One outbound message to <see cref="To"/> (E.164 digits), or, for a customer whose number WhatsApp withholds,
/// to their business-scoped user id <see cref="RecipientUserId"/> (the Cloud API's <c>recipient</c>). The phone
/// number is used whenever it is known, as WhatsApp asks.
/// </summary>
public sealed record GatewaySendRequest(GatewayCredentials Credentials, string? To, OutboundContent Content, string? RecipientUserId = null);

/// <summary>
/// The message to send. <see cref="Type"/> is <c>text</c>, <c>template</c> or a media type
/// (<c>image</c>, <c>audio</c>, <c>video</c>, <c>document</c>, <c>sticker</c>).
/// </summary>
public sealed record OutboundContent
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    public bool PreviewUrl { get; init; }

    public OutboundTemplate? Template { get; init; }

    public OutboundMedia? Media { get; init; }

    /// <summary>The wamid this message replies to (<c>context.message_id</c>), if any.</summary>
    public string? ReplyToWamid { get; init; }
}

/// <summary>A template: name, language code and the components JSON array (parameters) as the Cloud API takes them.</summary>
public sealed record OutboundTemplate(string Name, string LanguageCode, string? ComponentsJson);

/// <summary>Media by uploaded id or by public link, with optional caption and file name (documents).</summary>
public sealed record OutboundMedia(string? Id, string? Link, string? Caption, string? FileName);

/// <summary>A file to upload: its bytes (read once, to the end), its type as sniffed and the name it is sent under.</summary>
public sealed record GatewayMediaUpload(Stream Content, string ContentType, long Size, string FileName);

/// <summary>The result of a media upload: WhatsApp's media id, or its error and how to treat it.</summary>
public sealed record GatewayUploadResult(string? MediaId, GatewayError? Error)
{
    public static GatewayUploadResult Uploaded(string mediaId) => new(mediaId, null);

    public static GatewayUploadResult Failed(GatewayError error) => new(null, error);
}

/// <summary>The result of a send: the wamid, or WhatsApp's error and how to treat it.</summary>
public sealed record GatewaySendResult
{
    public string? Wamid { get; init; }

    public GatewayError? Error { get; init; }

    public bool IsAccepted => Wamid is not null;

    public static GatewaySendResult Accepted(string wamid) => new() { Wamid = wamid };

    public static GatewaySendResult Failed(GatewayError error) => new() { Error = error };
}

/// <summary>
/// An error from WhatsApp (Graph <c>error.code</c> and title) or from the transport (<c>http_503</c>,
/// <c>timeout</c>, ...). <see cref="Retryable"/>: 429, 5xx, timeouts, 130429 and 131056.
/// <see cref="CredentialsInvalid"/>: 190, the token no longer works.
/// </summary>
public sealed record GatewayError(string Code, string? Title, string? Details, bool Retryable, bool CredentialsInvalid, TimeSpan? RetryAfter = null);

/// <summary>The result of a credentials check: valid, or why not.</summary>
public sealed record CredentialsCheckResult(bool Valid, string? ErrorCode, string? ErrorTitle, string? VerifiedName, string? DisplayPhoneNumber);

/// <summary>A template as WhatsApp lists it: id, name, language, category, status (with the reason of a rejection) and the <c>components</c> JSON array.</summary>
public sealed record GatewayTemplate(string? Id, string Name, string Language, string Category, string Status, string? Reason, string ComponentsJson);

/// <summary>One page of templates and the cursor of the next (null on the last page), or the error.</summary>
public sealed record TemplatePageResult(IReadOnlyList<GatewayTemplate> Templates, string? After, GatewayError? Error)
{
    public static TemplatePageResult Failed(GatewayError error) => new([], null, error);
}

/// <summary>A new template: name, language, category and the <c>components</c> JSON array in Meta's definition format.</summary>
public sealed record TemplateSubmission(string Name, string Language, string Category, string ComponentsJson);

/// <summary>Meta's answer to a submission: the template id, status and category it gave, or the error.</summary>
public sealed record TemplateSubmitResult(string? Id, string? Status, string? Category, GatewayError? Error)
{
    public static TemplateSubmitResult Failed(GatewayError error) => new(null, null, null, error);
}
