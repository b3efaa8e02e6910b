using System.Diagnostics;
using System.Text;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Webhooks;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Infrastructure.Webhooks;

/// <summary>
/// The hot path of every webhook delivery: the app secret from <see cref="ConnectionSecretCache"/> (the
/// connection's, or on the app-level endpoint the Meta app's), the HMAC over the raw bytes compared in constant
/// time, then exactly one INSERT into the inbox, committed on its own connection (never inside a caller's
/// transaction), and a wake-up for the processor. No audit row: receiving a webhook is not a user action, and its
/// outcome lives in the inbox entry. Routing an app delivery to its numbers happens later, in the processor. How long
/// each stored delivery took goes to <see cref="WebhookAcknowledgementTimes"/> (the processor yields when they slow down).
/// </summary>
internal sealed class WebhookReceiver(
    IInboxWriter inbox, ConnectionSecretCache secrets, IBackgroundWorkSignal signal, WebhookAcknowledgementTimes acknowledgements, TimeProvider clock) : IWebhookReceiver
{
    public async Task<WebhookReceipt> ReceiveAsync(Guid connectionId, ReadOnlyMemory<byte> rawBody, string? signatureHeader, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var secret = await secrets.GetAppSecretAsync(connectionId, cancellationToken);
        if (secret is null)
        {
            return WebhookReceipt.UnknownConnection;
        }

        if (!WebhookSignature.IsValid(rawBody.Span, secret, signatureHeader))
        {
            return WebhookReceipt.InvalidSignature;
        }

        var entry = WebhookInboxEntry.Receive(connectionId, Decode(rawBody.Span), clock.GetUtcNow());
        await inbox.WriteAsync(entry, cancellationToken);
        acknowledgements.Record(Stopwatch.GetElapsedTime(started));

        signal.Notify(BackgroundWork.WebhookInbox);
        return WebhookReceipt.Stored;
    }

    public async Task<WebhookReceipt> ReceiveForAppAsync(string appId, ReadOnlyMemory<byte> rawBody, string? signatureHeader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appId);
        if (appId.Length is 0 or > Domain.Connections.Connection.MaxMetaAppIdLength || !appId.All(char.IsAsciiDigit))
        {
            return WebhookReceipt.UnknownConnection;
        }

        var started = Stopwatch.GetTimestamp();
        var keys = await secrets.GetMetaAppSecretsAsync(appId, cancellationToken);
        if (keys is null)
        {
            return WebhookReceipt.UnknownConnection;
        }

        var valid = false;
        foreach (var secret in keys)
        {
            valid |= WebhookSignature.IsValid(rawBody.Span, secret, signatureHeader);
        }

        if (!valid)
        {
            return WebhookReceipt.InvalidSignature;
        }

        var entry = WebhookInboxEntry.ReceiveForApp(appId, Decode(rawBody.Span), clock.GetUtcNow());
        await inbox.WriteAsync(entry, cancellationToken);
        acknowledgements.Record(Stopwatch.GetElapsedTime(started));

        signal.Notify(BackgroundWork.WebhookInbox);
        return WebhookReceipt.Stored;
    }

    /// <summary>
    /// The body as text. Bytes that are not UTF-8, and NUL (which PostgreSQL text refuses), become U+FFFD; such a
    /// body is not valid JSON anyway, and is kept so that the processor marks it failed where an administrator sees it.
    /// </summary>
    private static string Decode(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        return body.Contains((byte)0) ? text.Replace('\0', '\uFFFD') : text;
    }
}
