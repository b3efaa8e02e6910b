using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Connections;

/// <summary>How a connection reaches WhatsApp.</summary>
public enum ConnectionProvider
{
    /// <summary>The official WhatsApp Business Cloud API (Graph API).</summary>
    [JsonStringEnumMemberName("cloud_api")]
    CloudApi = 1,

    /// <summary>An in-process simulated WhatsApp, for trying the product and for tests.</summary>
    [JsonStringEnumMemberName("sandbox")]
    Sandbox = 2,
}
