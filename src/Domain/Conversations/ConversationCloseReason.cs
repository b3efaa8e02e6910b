using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Conversations;

/// <summary>Why a conversation was closed. On the wire: manual, inactivity.</summary>
public enum ConversationCloseReason
{
    /// <summary>A person closed it.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual = 1,

    /// <summary>Closed automatically after a silence longer than its queue's inactivity rule allows.</summary>
    [JsonStringEnumMemberName("inactivity")]
    Inactivity = 2,
}
