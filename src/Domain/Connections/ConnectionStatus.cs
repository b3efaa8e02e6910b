using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Connections;

/// <summary>Whether a connection may send.</summary>
public enum ConnectionStatus
{
    [JsonStringEnumMemberName("active")]
    Active = 1,

    /// <summary>WhatsApp refused the access token (Graph error 190, or a failed credentials check).</summary>
    [JsonStringEnumMemberName("invalid_credentials")]
    InvalidCredentials = 2,

    /// <summary>Switched off by an administrator: nothing is sent, inbound webhooks are still stored.</summary>
    [JsonStringEnumMemberName("disabled")]
    Disabled = 3,
}
