using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Fetches the bytes of an inbound media file by its media id, for one kind of connection: the Cloud API
/// (<c>GET /{media-id}</c> for a short-lived URL, then the URL, both with the connection's token) or the sandbox.
/// </summary>
public interface IWhatsAppMediaSource
{
    ConnectionProvider Provider { get; }

    /// <summary>Opens the file; never throws for an answer WhatsApp gave (that is <see cref="MediaDownload.Error"/>).</summary>
    Task<MediaDownload> DownloadAsync(GatewayCredentials credentials, string mediaId, CancellationToken cancellationToken);
}

/// <summary>
/// An opened media file (<see cref="Content"/>, streamed) with what WhatsApp declared about it, or the
/// <see cref="Error"/> that stopped it. The owner disposes it.
/// </summary>
public sealed class MediaDownload : IAsyncDisposable
{
    private readonly IDisposable? _owner;

    private MediaDownload(Stream? content, string? declaredMimeType, string? declaredSha256, long? declaredSize, GatewayError? error, IDisposable? owner)
    {
        Content = content;
        DeclaredMimeType = declaredMimeType;
        DeclaredSha256 = declaredSha256;
        DeclaredSize = declaredSize;
        Error = error;
        _owner = owner;
    }

    public Stream? Content { get; }

    public string? DeclaredMimeType { get; }

    public string? DeclaredSha256 { get; }

    public long? DeclaredSize { get; }

    public GatewayError? Error { get; }

    public static MediaDownload Opened(Stream content, string? declaredMimeType, string? declaredSha256, long? declaredSize, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new MediaDownload(content, declaredMimeType, declaredSha256, declaredSize, null, owner);
    }

    public static MediaDownload Failed(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new MediaDownload(null, null, null, null, error, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (Content is not null)
        {
            await Content.DisposeAsync();
        }

        _owner?.Dispose();
    }
}

public interface IWhatsAppMediaSourceResolver
{
    IWhatsAppMediaSource For(ConnectionProvider provider);
}
