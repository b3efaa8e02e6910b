namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>The WhatsApp side: where the Graph API is, and the simulated WhatsApp of the sandbox.</summary>
public sealed class WhatsAppSettings
{
    /// <summary><c>WHATSAPP_GRAPH_BASE_URL</c>, default <c>https://graph.facebook.com</c>; tests point it at a fake server.</summary>
    public required Uri GraphBaseUrl { get; init; }

    /// <summary><c>WHATSAPP_GRAPH_VERSION</c>, default <c>v23.0</c>.</summary>
    public required string GraphVersion { get; init; }

    /// <summary><c>WHATSAPP_HTTP_TIMEOUT</c>: a send that takes longer is retried.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>WHATSAPP_MEDIA_UPLOAD_TIMEOUT</c>: how long a media upload (<c>POST {phone-number-id}/media</c>, a file of up to
    /// 100 MB) may take before it is retried; every other Graph call keeps <see cref="HttpTimeout"/>.
    /// </summary>
    public TimeSpan MediaUploadTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>SANDBOX_DELIVERED_AFTER</c>: when the simulated WhatsApp reports a sandbox message delivered.</summary>
    public TimeSpan SandboxDeliveredAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>SANDBOX_READ_AFTER</c>: when the simulated WhatsApp reports it read.</summary>
    public TimeSpan SandboxReadAfter { get; init; } = TimeSpan.FromSeconds(3);

    public static WhatsAppSettings Load(ConfigReader config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var baseUrl = config.Text("WHATSAPP_GRAPH_BASE_URL", "https://graph.facebook.com");
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var graphBaseUrl) || graphBaseUrl.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException("WHATSAPP_GRAPH_BASE_URL must be an absolute http(s) URL.");
        }

        return new WhatsAppSettings
        {
            GraphBaseUrl = graphBaseUrl,
            GraphVersion = config.Text("WHATSAPP_GRAPH_VERSION", "v23.0"),
            HttpTimeout = config.Duration("WHATSAPP_HTTP_TIMEOUT", TimeSpan.FromSeconds(15)),
            MediaUploadTimeout = config.Duration("WHATSAPP_MEDIA_UPLOAD_TIMEOUT", TimeSpan.FromMinutes(10)),
            SandboxDeliveredAfter = config.Duration("SANDBOX_DELIVERED_AFTER", TimeSpan.FromSeconds(1)),
            SandboxReadAfter = config.Duration("SANDBOX_READ_AFTER", TimeSpan.FromSeconds(3)),
        };
    }
}
