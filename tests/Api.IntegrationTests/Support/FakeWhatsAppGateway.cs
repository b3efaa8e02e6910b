using System.Collections.Concurrent;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// A Cloud API gateway that records every send (with the time of the host's clock) and answers what the
/// test scripted for the connection; unscripted connections are accepted with a fresh wamid.
/// </summary>
public sealed class FakeWhatsAppGateway(TimeProvider clock) : IWhatsAppGateway
{
    private readonly ConcurrentDictionary<Guid, Func<GatewaySendRequest, int, Task<GatewaySendResult>>> _scripts = new();

    public ConnectionProvider Provider => ConnectionProvider.CloudApi;

    public ConcurrentQueue<RecordedSend> Sends { get; } = new();

    public static GatewayError Retryable(string code = "http_503") => new(code, "Service Unavailable", null, Retryable: true, CredentialsInvalid: false);

    public static GatewayError Permanent(string code, string title) => new(code, title, null, Retryable: false, CredentialsInvalid: false);

    public static GatewayError InvalidToken() => new("190", "Error validating access token", null, Retryable: false, CredentialsInvalid: true);

    /// <summary>Answers for <paramref name="connectionId"/>: the handler gets the request and the 1-based attempt number on this connection.</summary>
    public void Script(Guid connectionId, Func<GatewaySendRequest, int, Task<GatewaySendResult>> handler) => _scripts[connectionId] = handler;

    public void Script(Guid connectionId, Func<int, GatewaySendResult> answer) => Script(connectionId, (_, attempt) => Task.FromResult(answer(attempt)));

    public IReadOnlyList<RecordedSend> SendsOf(Guid connectionId) => Sends.Where(s => s.Request.Credentials.ConnectionId == connectionId).ToList();

    public static GatewaySendResult Accept() => GatewaySendResult.Accepted($"wamid.fake.{Guid.NewGuid():N}");

    public async Task<GatewaySendResult> SendAsync(GatewaySendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var attempt = Sends.Count(s => s.Request.Credentials.ConnectionId == request.Credentials.ConnectionId) + 1;
        Sends.Enqueue(new RecordedSend(request, clock.GetUtcNow()));
        return _scripts.TryGetValue(request.Credentials.ConnectionId, out var script) ? await script(request, attempt) : Accept();
    }

    /// <summary>Reads the file to its end and names it with a fresh media id.</summary>
    public async Task<GatewayUploadResult> UploadMediaAsync(GatewayCredentials credentials, GatewayMediaUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await upload.Content.CopyToAsync(Stream.Null, cancellationToken);
        return GatewayUploadResult.Uploaded($"fake-media-{Guid.NewGuid():N}");
    }

    public Task<CredentialsCheckResult> CheckCredentialsAsync(GatewayCredentials credentials, CancellationToken cancellationToken) =>
        Task.FromResult(new CredentialsCheckResult(true, null, null, "Fake", credentials?.DisplayNumber));

    /// <summary>Templates as the test listed them with <see cref="Templates"/> (one page).</summary>
    public Task<TemplatePageResult> ListTemplatesAsync(GatewayCredentials credentials, string? after, CancellationToken cancellationToken) =>
        Task.FromResult(new TemplatePageResult([.. Templates], null, null));

    public Task<TemplateSubmitResult> SubmitTemplateAsync(GatewayCredentials credentials, TemplateSubmission submission, CancellationToken cancellationToken) =>
        Task.FromResult(new TemplateSubmitResult($"fake-{Guid.NewGuid():N}", "PENDING", submission?.Category, null));

    /// <summary>What <see cref="ListTemplatesAsync"/> answers.</summary>
    public ConcurrentBag<GatewayTemplate> Templates { get; } = [];
}

public sealed record RecordedSend(GatewaySendRequest Request, DateTimeOffset At);
