using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// A stand-in for Meta's Graph API on 127.0.0.1 (a real Kestrel listener on a free port): it records every
/// request (method, path and query, headers, raw body) and answers with the first scripted answer meant for it (in
/// order; an answer scripted without a condition is meant for any request), then with what <see cref="Responder"/>
/// answers (when set and not null), then with <see cref="DefaultAnswer"/>.
/// </summary>
public sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeGraphRequest> _requests = new();
    private readonly List<(FakeGraphAnswer Answer, Func<FakeGraphRequest, bool>? When)> _script = [];
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<FakeGraphRequest> Requests => [.. _requests];

    public FakeGraphAnswer DefaultAnswer { get; set; } = FakeGraphAnswer.Json(200, """{"success":true}""");

    /// <summary>Answers an unscripted request from what it is (null: <see cref="DefaultAnswer"/>).</summary>
    public Func<FakeGraphRequest, FakeGraphAnswer?>? Responder { get; set; }

    /// <summary>
    /// Answers as Graph does: a media upload (<c>POST /{phone-number-id}/media</c>) with a fresh media id, a message
    /// (<c>POST /{phone-number-id}/messages</c>) with a fresh wamid; anything else null.
    /// </summary>
    public static FakeGraphAnswer? LikeGraph(FakeGraphRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != "POST")
        {
            return null;
        }

        if (request.Path.EndsWith("/media", StringComparison.Ordinal))
        {
            return FakeGraphAnswer.Json(200, $$"""{"id":"fake-media-{{Guid.NewGuid():N}}"}""");
        }

        return request.Path.EndsWith("/messages", StringComparison.Ordinal)
            ? FakeGraphAnswer.Json(200, $$"""{"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"wamid.fake{{Guid.NewGuid():N}}"}]}""")
            : null;
    }

    public static async Task<FakeGraphApi> StartAsync()
    {
        var fake = new FakeGraphApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = new Uri(address);
        return fake;
    }

    /// <summary>Queues the answer to the next request.</summary>
    /// <summary>Scripts the answer to the next request (with <paramref name="when"/>: to the next request it accepts).</summary>
    public void Enqueue(FakeGraphAnswer answer, Func<FakeGraphRequest, bool>? when = null)
    {
        lock (_script)
        {
            _script.Add((answer, when));
        }
    }

    /// <summary>
    /// Scripts WhatsApp's two answers of one media download: the lookup of <paramref name="mediaId"/> (a JSON object of
    /// <paramref name="lookupFields"/> with a file URL of its own) and the file behind that URL. Each answers only its own
    /// request, so another request in flight meanwhile (an outbound send's media upload, say) cannot take them.
    /// </summary>
    public void EnqueueMediaDownload(string mediaId, string lookupFields, FakeGraphAnswer file)
    {
        var filePath = $"/files/{Guid.NewGuid():N}";
        var lookupPath = "/" + Uri.EscapeDataString(mediaId);
        var url = new Uri(BaseUrl, filePath.TrimStart('/'));
        Enqueue(FakeGraphAnswer.Json(200, $$"""{"url":"{{url}}",{{lookupFields}}}"""), r => r.Method == "GET" && r.Path.EndsWith(lookupPath, StringComparison.Ordinal));
        Enqueue(file, r => r.Method == "GET" && r.Path.EndsWith(filePath, StringComparison.Ordinal));
    }

    private FakeGraphAnswer? Scripted(FakeGraphRequest request)
    {
        lock (_script)
        {
            var index = _script.FindIndex(s => s.When is null || s.When(request));
            if (index < 0)
            {
                return null;
            }

            var answer = _script[index].Answer;
            _script.RemoveAt(index);
            return answer;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var received = buffer.ToArray();
        var request = new FakeGraphRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            System.Text.Encoding.UTF8.GetString(received))
        {
            BodyBytes = received,
            ReceivedAt = receivedAt,
        };
        _requests.Enqueue(request);
        var answer = Scripted(request) ?? Responder?.Invoke(request) ?? DefaultAnswer;
        if (answer.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = answer.ContentType;
        if (answer.Bytes is { } bytes)
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }

        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }
}

/// <summary>One request the fake received.</summary>
public sealed record FakeGraphRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body as received (a multipart upload holds binary parts that <see cref="Body"/> cannot show).</summary>
    public byte[] BodyBytes { get; init; } = [];

    /// <summary>When the request arrived (before its body was read): what WhatsApp would count a send's time by.</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>A scripted answer: status, body, content type, extra headers and an optional delay before answering.</summary>
public sealed record FakeGraphAnswer(int Status, string Body, string ContentType, IReadOnlyDictionary<string, string> Headers, TimeSpan? Delay = null)
{
    /// <summary>A binary body (a media file), sent instead of <see cref="Body"/>.</summary>
    public byte[]? Bytes { get; init; }

    public static FakeGraphAnswer Binary(byte[] bytes, string contentType) =>
        new(200, string.Empty, contentType, new Dictionary<string, string>()) { Bytes = bytes };

    public static FakeGraphAnswer Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, body, "application/json", headers ?? new Dictionary<string, string>());

    public static FakeGraphAnswer Text(int status, string body) => new(status, body, "text/html", new Dictionary<string, string>());

    /// <summary>The Graph error body for <paramref name="code"/>.</summary>
    public static FakeGraphAnswer GraphError(int status, int code, string message, string? details = null, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(status, $$$"""{"error":{"message":"{{{message}}}","type":"OAuthException","code":{{{code}}},"error_subcode":2494010,"error_data":{"messaging_product":"whatsapp","details":"{{{details ?? message}}}"},"fbtrace_id":"AbCdEf123"}}""", headers);
}
