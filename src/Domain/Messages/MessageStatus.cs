using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Messages;

/// <summary>
/// A message's delivery state. Inbound messages are <see cref="Received"/>. Outbound ones move
/// <see cref="Queued"/> → <see cref="Sent"/> → <see cref="Delivered"/> → <see cref="Read"/>, or end
/// <see cref="Failed"/>; see <see cref="MessageStatusOrder"/> for how late statuses are ordered.
/// </summary>
public enum MessageStatus
{
    [JsonStringEnumMemberName("received")]
    Received = 1,

    /// <summary>Accepted by the API, waiting in the outbox.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued = 2,

    /// <summary>Accepted by WhatsApp (it returned the wamid).</summary>
    [JsonStringEnumMemberName("sent")]
    Sent = 3,

    [JsonStringEnumMemberName("delivered")]
    Delivered = 4,

    [JsonStringEnumMemberName("read")]
    Read = 5,

    [JsonStringEnumMemberName("failed")]
    Failed = 6,
}

/// <summary>
/// Statuses arrive late, twice and out of order, and must never move a message backwards. The rank orders
/// them: queued &lt; sent &lt; failed &lt; delivered &lt; read. A "failed" after "delivered" (another of the
/// customer's devices) does not undo the delivery; a "delivered" after "failed" means it did reach a device.
/// <para>
/// This is the one definition of the rule: <see cref="Predecessors"/> lists, as data, the statuses a message may
/// move to a status from, and <see cref="Message.ApplyStatus"/> checks it. Every status change goes through that
/// method (the outbox's results, the statuses stored before a wamid was known, the status webhooks of a batch), and a
/// message's save writes its status only if it is still the one read (a concurrency token), so a status moved
/// meanwhile by another worker is never moved back.
/// </para>
/// </summary>
public static class MessageStatusOrder
{
    private static readonly Dictionary<MessageStatus, MessageStatus[]> PredecessorTable =
        Enum.GetValues<MessageStatus>().ToDictionary(next => next, next => Enum.GetValues<MessageStatus>().Where(s => Rank(s) < Rank(next)).ToArray());

    public static int Rank(MessageStatus status) => status switch
    {
        MessageStatus.Received => 0,
        MessageStatus.Queued => 1,
        MessageStatus.Sent => 2,
        MessageStatus.Failed => 3,
        MessageStatus.Delivered => 4,
        MessageStatus.Read => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown status."),
    };

    /// <summary>The statuses from which a message may move to <paramref name="next"/> (those ranked below it).</summary>
    public static IReadOnlyList<MessageStatus> Predecessors(MessageStatus next) =>
        PredecessorTable.TryGetValue(next, out var from) ? from : throw new ArgumentOutOfRangeException(nameof(next), next, "Unknown status.");

    /// <summary>True when <paramref name="next"/> moves a message forwards from <paramref name="current"/>.</summary>
    public static bool IsForward(MessageStatus current, MessageStatus next) => Predecessors(next).Contains(current);
}
