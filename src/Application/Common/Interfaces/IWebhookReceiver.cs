namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// The one way a WhatsApp webhook delivery enters WhatsSuite, used by the public webhook endpoint and by
/// the sandbox: checks <c>X-Hub-Signature-256</c> over the raw bytes with the connection's app secret (in
/// constant time) and stores the delivery durably in the inbox before returning <see cref="WebhookReceipt.Stored"/>.
/// Processing happens afterwards, in the background.
/// </summary>
public interface IWebhookReceiver
{
    Task<WebhookReceipt> ReceiveAsync(Guid connectionId, ReadOnlyMemory<byte> rawBody, string? signatureHeader, CancellationToken cancellationToken);

    /// <summary>
    /// A delivery on the app-level endpoint of Meta app <paramref name="appId"/>: signed with the app secret its
    /// connections share, stored for the app, and routed to each change's connection (by phone number id) when processed.
    /// </summary>
    Task<WebhookReceipt> ReceiveForAppAsync(string appId, ReadOnlyMemory<byte> rawBody, string? signatureHeader, CancellationToken cancellationToken);
}

public enum WebhookReceipt
{
    /// <summary>Signature valid; stored in the inbox.</summary>
    Stored = 1,

    /// <summary>No such connection or Meta app (or deleted): nothing stored.</summary>
    UnknownConnection = 2,

    /// <summary>Signature missing or wrong: nothing stored.</summary>
    InvalidSignature = 3,
}
