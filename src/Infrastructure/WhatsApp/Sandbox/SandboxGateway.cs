using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Webhooks;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.WhatsApp.Sandbox;

/// <summary>
/// A simulated WhatsApp for sandbox connections: a send (to a phone number, or to a business-scoped user id as
/// the Cloud API's <c>recipient</c>) is accepted at once with a fresh wamid, and the
/// message is reported delivered after <see cref="WhatsAppSettings.SandboxDeliveredAfter"/> and read after
/// <see cref="WhatsAppSettings.SandboxReadAfter"/> (both counted from the send). The reports are status
/// webhooks shaped like Meta's, signed with the connection's app secret and handed to
/// <see cref="IWebhookReceiver"/>, so they take the same path as real deliveries. Pending reports are
/// cancelled when the host stops (the gateway is disposed) and nothing runs after that.
/// </summary>
internal sealed partial class SandboxGateway(
    IServiceScopeFactory scopes,
    WhatsAppSettings settings,
    TimeProvider clock,
    ILogger<SandboxGateway> logger) : IWhatsAppGateway, IAsyncDisposable, IDisposable
{
    public const string VerifiedName = "WhatsSuite Sandbox";

    /// <summary>Ids of templates submitted to the sandbox start with this.</summary>
    public const string SandboxTemplatePrefix = "sandbox-";

    /// <summary>The templates every sandbox WABA has, approved: Meta's <c>hello_world</c> and a greeting with one variable.</summary>
    public static readonly IReadOnlyList<GatewayTemplate> SampleTemplates =
    [
        new("sample-hello-world", "hello_world", "en_US", MessageTemplateCategory.Utility, MessageTemplateStatus.Approved, null,
            """[{"type":"HEADER","format":"TEXT","text":"Hello World"},{"type":"BODY","text":"Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta."},{"type":"FOOTER","text":"WhatsApp Business Platform sample message"}]"""),
        new("sample-greeting", "greeting", "en_US", MessageTemplateCategory.Utility, MessageTemplateStatus.Approved, null,
            """[{"type":"BODY","text":"Hello {{1}}, thanks for getting in touch.","example":{"body_text":[["Ana"]]}}]"""),
    ];

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    public ConnectionProvider Provider => ConnectionProvider.Sandbox;

    /// <summary>Reports still scheduled (for diagnostics and tests).</summary>
    public int PendingReports => _pending.Count;

    public Task<GatewaySendResult> SendAsync(GatewaySendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.To) && string.IsNullOrWhiteSpace(request.RecipientUserId))
        {
            // What the Cloud API answers a request without a recipient (a bug of the caller, never retried).
            return Task.FromResult(GatewaySendResult.Failed(new GatewayError("100", "The parameter to or recipient is required.", null, Retryable: false, CredentialsInvalid: false)));
        }

        var wamid = NewWamid();
        lock (_gate)
        {
            if (!_disposed)
            {
                var token = _stopping.Token;
                var report = Task.Run(() => ReportAsync(request, wamid, token), CancellationToken.None);
                _pending[report] = 0;
                report.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        return Task.FromResult(GatewaySendResult.Accepted(wamid));
    }

    /// <summary>The sandbox reads the file to its end (as WhatsApp would) and names it with a fresh media id.</summary>
    public async Task<GatewayUploadResult> UploadMediaAsync(GatewayCredentials credentials, GatewayMediaUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await upload.Content.CopyToAsync(Stream.Null, cancellationToken);
        return GatewayUploadResult.Uploaded("sandbox-media-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
    }

    public Task<CredentialsCheckResult> CheckCredentialsAsync(GatewayCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Task.FromResult(new CredentialsCheckResult(true, null, null, VerifiedName, credentials.DisplayNumber));
    }

    /// <summary>
    /// The sandbox WABA's templates: the built-in samples (<see cref="SampleTemplates"/>) and every template submitted
    /// on the connection, which the sandbox approves at once. One page holds them all.
    /// </summary>
    public async Task<TemplatePageResult> ListTemplatesAsync(GatewayCredentials credentials, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var submitted = await db.MessageTemplates.AsNoTracking()
            .Where(t => t.ConnectionId == credentials.ConnectionId && t.MetaTemplateId != null && t.MetaTemplateId.StartsWith(SandboxTemplatePrefix))
            .Select(t => new GatewayTemplate(t.MetaTemplateId, t.Name, t.Language, t.Category, MessageTemplateStatus.Approved, null, t.Components))
            .ToListAsync(cancellationToken);
        var templates = SampleTemplates
            .Where(sample => !submitted.Any(t => t.Name == sample.Name && t.Language == sample.Language))
            .Concat(submitted)
            .ToList();
        return new TemplatePageResult(templates, null, null);
    }

    /// <summary>The sandbox approves every submission at once.</summary>
    public Task<TemplateSubmitResult> SubmitTemplateAsync(GatewayCredentials credentials, TemplateSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var id = SandboxTemplatePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return Task.FromResult(new TemplateSubmitResult(id, MessageTemplateStatus.Approved, submission.Category, null));
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_pending.Keys);
        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static string NewWamid() => "wamid." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    private async Task ReportAsync(GatewaySendRequest request, string wamid, CancellationToken stopping)
    {
        try
        {
            var conversationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            await Task.Delay(settings.SandboxDeliveredAfter, clock, stopping);
            await PostStatusAsync(request, wamid, "delivered", conversationId, stopping);
            var untilRead = settings.SandboxReadAfter - settings.SandboxDeliveredAfter;
            if (untilRead > TimeSpan.Zero)
            {
                await Task.Delay(untilRead, clock, stopping);
            }

            await PostStatusAsync(request, wamid, "read", conversationId, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping: the remaining reports are dropped, as a real WhatsApp's would wait for the next start.
        }
        // A report runs detached from any caller; its failure is logged, never thrown into the thread pool.
        catch (Exception exception)
        {
            LogReportFailed(logger, exception, request.Credentials.ConnectionId);
        }
    }

    private async Task PostStatusAsync(GatewaySendRequest request, string wamid, string status, string conversationId, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
        var connection = await db.Connections.AsNoTracking()
            .Where(c => c.Id == request.Credentials.ConnectionId)
            .Select(c => new { c.AppSecretProtected, c.WabaId, c.DisplayNumber, c.PhoneNumberId })
            .SingleOrDefaultAsync(stopping);
        if (connection is null)
        {
            LogConnectionGone(logger, request.Credentials.ConnectionId);
            return;
        }

        var body = MetaWebhookBody.Status(
            connection.WabaId ?? connection.PhoneNumberId, connection.DisplayNumber, connection.PhoneNumberId, wamid, status, request.To, request.RecipientUserId, clock.GetUtcNow(), conversationId);
        var signature = WebhookSignature.Compute(body, protector.Unprotect(connection.AppSecretProtected));
        var receipt = await scope.ServiceProvider.GetRequiredService<IWebhookReceiver>().ReceiveAsync(request.Credentials.ConnectionId, body, signature, stopping);
        LogReported(logger, request.Credentials.ConnectionId, status, receipt);
    }

    [LoggerMessage(EventId = LogEvents.SandboxStatusReported, Level = LogLevel.Debug, Message = "Sandbox reported a message {Status} on connection {ConnectionId}: {Receipt}")]
    private static partial void LogReported(ILogger logger, Guid connectionId, string status, WebhookReceipt receipt);

    [LoggerMessage(EventId = LogEvents.SandboxConnectionGone, Level = LogLevel.Warning, Message = "Sandbox connection {ConnectionId} no longer exists; its status report was dropped")]
    private static partial void LogConnectionGone(ILogger logger, Guid connectionId);

    [LoggerMessage(EventId = LogEvents.SandboxReportFailed, Level = LogLevel.Error, Message = "Sandbox status report for connection {ConnectionId} failed")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, Guid connectionId);
}
