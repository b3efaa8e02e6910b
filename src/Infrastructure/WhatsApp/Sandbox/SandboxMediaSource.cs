using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Sandbox;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Infrastructure.WhatsApp.Sandbox;

/// <summary>
/// The simulated WhatsApp's media: the generated files of <see cref="SandboxMedia"/>, served by their media id the
/// way the Cloud API would (declared type, SHA-256 and size); an unknown id answers Graph's "not found" error (100).
/// </summary>
internal sealed class SandboxMediaSource : IWhatsAppMediaSource
{
    public ConnectionProvider Provider => ConnectionProvider.Sandbox;

    public Task<MediaDownload> DownloadAsync(GatewayCredentials credentials, string mediaId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mediaId);
        if (SandboxMedia.For(mediaId) is not { } file)
        {
            return Task.FromResult(MediaDownload.Failed(new GatewayError("100", "Unsupported get request: the media does not exist.", null, Retryable: false, CredentialsInvalid: false)));
        }

        return Task.FromResult(MediaDownload.Opened(new MemoryStream(file.Bytes, writable: false), file.MimeType, SandboxMedia.Sha256Base64(mediaId), file.Bytes.Length));
    }
}
