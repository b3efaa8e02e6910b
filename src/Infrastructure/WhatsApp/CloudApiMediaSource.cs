using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.WhatsApp;

/// <summary>
/// Inbound media from the Cloud API: <c>GET /{media-id}</c> answers <c>{url, mime_type, sha256, file_size}</c> (the
/// URL lives about five minutes), then <c>GET {url}</c>, both with the connection's token. The body is streamed,
/// never buffered. Error answers and transport failures become <see cref="MediaDownload.Error"/>s.
/// </summary>
internal sealed class CloudApiMediaSource(HttpClient http, TimeProvider clock) : IWhatsAppMediaSource
{
    public ConnectionProvider Provider => ConnectionProvider.CloudApi;

    public static void Configure(HttpClient client, WhatsAppSettings settings)
    {
        CloudApiGateway.Configure(client, settings);

        // A file may be large: the download job bounds the whole download with a deadline of its own.
        client.Timeout = Timeout.InfiniteTimeSpan;
    }

    public async Task<MediaDownload> DownloadAsync(GatewayCredentials credentials, string mediaId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        using var lookup = new HttpRequestMessage(HttpMethod.Get, Uri.EscapeDataString(mediaId));
        lookup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        var (metadata, metadataError) = await SendAsync(lookup, cancellationToken);
        if (metadataError is not null)
        {
            metadata?.Dispose();
            return MediaDownload.Failed(metadataError);
        }

        string? url;
        string? mimeType;
        string? sha256;
        long? size;
        using (metadata)
        {
            var body = await metadata!.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                var root = JsonNode.Parse(body) as JsonObject;
                url = (string?)root?["url"];
                mimeType = (string?)root?["mime_type"];
                sha256 = (string?)root?["sha256"];
                size = root?["file_size"] is JsonValue value
                    ? value.TryGetValue<long>(out var number) ? number : long.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null
                    : null;
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
            {
                return MediaDownload.Failed(new GatewayError(GatewayErrorCodes.InvalidResponse, "The media lookup answer is not the documented JSON.", null, Retryable: true, CredentialsInvalid: false));
            }
        }

        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var fileUrl) || fileUrl.Scheme is not ("https" or "http"))
        {
            return MediaDownload.Failed(new GatewayError(GatewayErrorCodes.InvalidResponse, "The media lookup answer has no download URL.", null, Retryable: true, CredentialsInvalid: false));
        }

        var file = new HttpRequestMessage(HttpMethod.Get, fileUrl);
        file.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
        var (response, fileError) = await SendAsync(file, cancellationToken);
        if (fileError is not null)
        {
            response?.Dispose();
            file.Dispose();
            return MediaDownload.Failed(fileError);
        }

        var content = await response!.Content.ReadAsStreamAsync(cancellationToken);
        return MediaDownload.Opened(content, mimeType, sha256, size ?? response.Content.Headers.ContentLength, new Owner(response, file));
    }

    /// <summary>Sends with headers-only completion; an error answer is read (it is small) and mapped.</summary>
    private async Task<(HttpResponseMessage? Response, GatewayError? Error)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new GatewayError(GatewayErrorCodes.Timeout, "WhatsApp did not answer in time.", null, Retryable: true, CredentialsInvalid: false));
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return (null, new GatewayError(GatewayErrorCodes.NetworkError, "WhatsApp could not be reached.", null, Retryable: true, CredentialsInvalid: false));
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, null);
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - clock.GetUtcNow() : null);
        return (response, CloudApiErrors.Map(response.StatusCode, response.ReasonPhrase, body, retryAfter));
    }

    private sealed class Owner(HttpResponseMessage response, HttpRequestMessage request) : IDisposable
    {
        public void Dispose()
        {
            response.Dispose();
            request.Dispose();
        }
    }
}

/// <summary>Picks the media source of a connection's provider (the last registration wins, as for gateways).</summary>
internal sealed class WhatsAppMediaSourceResolver : IWhatsAppMediaSourceResolver
{
    private readonly Dictionary<ConnectionProvider, IWhatsAppMediaSource> _sources = [];

    public WhatsAppMediaSourceResolver(IEnumerable<IWhatsAppMediaSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            _sources[source.Provider] = source;
        }
    }

    public IWhatsAppMediaSource For(ConnectionProvider provider) =>
        _sources.TryGetValue(provider, out var source)
            ? source
            : throw new InvalidOperationException($"No WhatsApp media source is registered for the provider '{provider}'.");
}
