using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Dashboards;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Domain.Conversations;

/// <summary>
/// The thread between one business number (connection) and one contact. There is one row per
/// (connection, contact), reused across close and reopen cycles as in the original system, so at most one
/// conversation per pair is ever not closed. An UNASSIGNED conversation waits in its queue; an OPEN one is
/// handled exclusively by its assignee. <see cref="Version"/> is bumped by every change and checked on
/// save, so two concurrent changes cannot both win.
/// </summary>
public sealed class Conversation
{
    public const int MaxPreviewLength = 200;

    private Conversation()
    {
    }

    public Guid Id { get; private set; }

    public Guid ConnectionId { get; private set; }

    public Guid ContactId { get; private set; }

    public Guid? QueueId { get; private set; }

    public ConversationStatus Status { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public DateTimeOffset? AssignedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Why the conversation was last closed (null while it is not closed, or for a notice-only conversation).</summary>
    public ConversationCloseReason? ClosedReason { get; private set; }

    /// <summary>
    /// When its assignee was warned that the conversation is idle: set once per idle period and cleared by any activity
    /// (a message either way, an assignment, a status change), so a warning is never sent twice for the same silence.
    /// </summary>
    public DateTimeOffset? InactivityWarnedAt { get; private set; }

    /// <summary>The contact's last inbound message: the 24-hour customer-service window runs from it.</summary>
    public DateTimeOffset? LastInboundAt { get; private set; }

    /// <summary>
    /// When the queue's out-of-hours reply was last sent here: set by the reply's guarded claim (one per closed period of
    /// the queue), never by the desk.
    /// </summary>
    public DateTimeOffset? OutOfHoursRepliedAt { get; private set; }

    public DateTimeOffset? LastMessageAt { get; private set; }

    /// <summary>
    /// The start of the earliest 15-minute bucket (<see cref="DashboardBuckets"/>) that a message stored out of order made
    /// stale: one sent before <see cref="LastMessageAt"/> (WhatsApp delivered it late), or messages moved in from an
    /// absorbed conversation (<see cref="RecountAll"/>). Null when every message came in order. The dashboards' rollup
    /// recounts a conversation from here (or from the bucket of the last message it counted, whichever is earlier), and
    /// clears it once it has counted a state no later change has overtaken; nothing else reads it.
    /// </summary>
    public DateTimeOffset? RecountFrom { get; private set; }

    /// <summary>The <see cref="RecountFrom"/> of a conversation whose whole history must be counted again.</summary>
    public static readonly DateTimeOffset RecountAll = DateTimeOffset.UnixEpoch;

    /// <summary>A short text of the newest message, for conversation lists.</summary>
    public string? LastMessagePreview { get; private set; }

    /// <summary>
    /// Messages from the customer since the conversation was last marked read (<see cref="MarkRead"/>): the team's
    /// unread count, shown in conversation lists and pushed to the desk.
    /// </summary>
    public int UnreadCount { get; private set; }

    /// <summary>How the customer arrived: the click-to-WhatsApp ad or post of their latest message that carried one.</summary>
    public Referral? Referral { get; private set; }

    /// <summary>The broadcast campaign the customer replied to when the conversation was last opened by such a reply.</summary>
    public Guid? CampaignId { get; private set; }

    /// <summary>That campaign's name (fixed once a campaign is no longer a draft), shown on the conversation.</summary>
    public string? CampaignName { get; private set; }

    /// <summary>When the message carrying <see cref="Referral"/> was sent.</summary>
    public DateTimeOffset? ReferredAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Sort key of conversation lists: the last change or message.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; private set; }

    public bool IsClosed => Status == ConversationStatus.CLOSED;

    /// <summary>A conversation started by the customer: it waits, UNASSIGNED, in <paramref name="queueId"/>.</summary>
    public static Conversation StartInbound(Guid connectionId, Guid contactId, Guid? queueId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ConnectionId = connectionId,
        ContactId = contactId,
        QueueId = queueId,
        Status = ConversationStatus.UNASSIGNED,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// A conversation that only holds a notice from WhatsApp about a customer nobody talked to on this number yet
    /// (a number change): CLOSED, nothing to answer; the customer's first message reopens it.
    /// </summary>
    public static Conversation StartClosed(Guid connectionId, Guid contactId, Guid? queueId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ConnectionId = connectionId,
        ContactId = contactId,
        QueueId = queueId,
        Status = ConversationStatus.CLOSED,
        ClosedAt = now,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>A conversation started by an agent (outbound template): OPEN and assigned to its creator.</summary>
    public static Conversation StartOutbound(Guid connectionId, Guid contactId, Guid? queueId, Guid creatorId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ConnectionId = connectionId,
        ContactId = contactId,
        QueueId = queueId,
        Status = ConversationStatus.OPEN,
        AssigneeId = creatorId,
        AssignedAt = now,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// Records a customer message. A closed conversation reopens UNASSIGNED (the previous assignee is not
    /// kept). Returns true when the conversation became UNASSIGNED, so auto-assignment should run.
    /// </summary>
    public bool RecordInbound(DateTimeOffset sentAt, string? preview, DateTimeOffset now)
    {
        var reopened = false;
        if (Status == ConversationStatus.CLOSED)
        {
            Status = ConversationStatus.UNASSIGNED;
            AssigneeId = null;
            AssignedAt = null;
            ClosedAt = null;
            ClosedReason = null;
            reopened = true;
        }

        if (LastInboundAt is null || sentAt > LastInboundAt)
        {
            LastInboundAt = sentAt;
        }

        UnreadCount++;
        TouchMessage(sentAt, preview, now);
        return reopened;
    }

    /// <summary>Someone working the conversation read it: the unread count goes back to zero. False when nothing was unread.</summary>
    public bool MarkRead(DateTimeOffset now)
    {
        if (UnreadCount == 0)
        {
            return false;
        }

        UnreadCount = 0;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Records a message the business sent or queued.</summary>
    public void RecordOutbound(DateTimeOffset sentAt, string? preview, DateTimeOffset now) => TouchMessage(sentAt, preview, now);

    /// <summary>
    /// Records a notice from WhatsApp (a system line such as a number change): it shows in the conversation but
    /// neither reopens it nor opens the customer-service window, which only the customer's own messages do.
    /// </summary>
    public void RecordSystemEvent(DateTimeOffset sentAt, string? preview, DateTimeOffset now) => TouchMessage(sentAt, preview, now);

    /// <summary>
    /// The customer replied to a broadcast campaign's message: the conversation shows the campaign and, when it is
    /// being opened or reopened by this reply (<paramref name="opening"/>), moves to the campaign's queue (when it has one).
    /// </summary>
    public void RecordCampaignReply(Guid campaignId, string campaignName, Guid? campaignQueueId, bool opening, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignName);
        CampaignId = campaignId;
        CampaignName = campaignName;
        if (opening && campaignQueueId is not null)
        {
            QueueId = campaignQueueId;
        }

        Changed(now);
    }

    /// <summary>Keeps the ad or post the customer arrived from, unless a later message already brought one.</summary>
    public bool RecordReferral(Referral referral, DateTimeOffset sentAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(referral);
        if (ReferredAt is { } current && sentAt < current)
        {
            return false;
        }

        Referral = referral;
        ReferredAt = sentAt;
        Changed(now);
        return true;
    }

    /// <summary>The contact was merged into another one: the conversation now belongs to <paramref name="contactId"/>.</summary>
    public void MoveToContact(Guid contactId, DateTimeOffset now)
    {
        ContactId = contactId;
        Changed(now);
    }

    /// <summary>
    /// Takes over <paramref name="other"/>, the conversation of the same customer on the same number under another
    /// identity (its messages are moved by the caller): the later inbound and last message, the more active state
    /// (OPEN over UNASSIGNED over CLOSED, with its assignee), a queue when this one has none, the later referral. Its
    /// whole history is to be counted again (<see cref="RecountFrom"/>): the moved messages are of any time.
    /// </summary>
    public void Absorb(Conversation other, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.ConnectionId != ConnectionId)
        {
            throw new ArgumentException("Only a conversation on the same number can be absorbed.", nameof(other));
        }

        MarkStaleFrom(RecountAll);

        if (other.LastInboundAt is { } inbound && (LastInboundAt is null || inbound > LastInboundAt))
        {
            LastInboundAt = inbound;
        }

        UnreadCount += other.UnreadCount;
        if (other.LastMessageAt is { } last && (LastMessageAt is null || last > LastMessageAt))
        {
            LastMessageAt = last;
            LastMessagePreview = other.LastMessagePreview;
        }

        if (Activity(other.Status) > Activity(Status))
        {
            Status = other.Status;
            AssigneeId = other.AssigneeId;
            AssignedAt = other.AssignedAt;
            ClosedAt = other.ClosedAt;
            ClosedReason = other.ClosedReason;
            InactivityWarnedAt = other.InactivityWarnedAt;
        }

        QueueId ??= other.QueueId;
        if (CampaignId is null && other.CampaignId is not null)
        {
            CampaignId = other.CampaignId;
            CampaignName = other.CampaignName;
        }

        if (other.Referral is not null && other.ReferredAt is { } referredAt && (ReferredAt is null || referredAt > ReferredAt))
        {
            Referral = other.Referral;
            ReferredAt = referredAt;
        }

        Changed(now);
    }

    /// <summary>True when free-form messages may be sent at <paramref name="now"/> (inside the customer-service window).</summary>
    public bool IsInsideServiceWindow(DateTimeOffset now, TimeSpan window) => LastInboundAt is { } last && now - last < window;

    /// <summary>Gives the conversation to <paramref name="userId"/>: OPEN, also when it was UNASSIGNED or CLOSED.</summary>
    public void AssignTo(Guid userId, DateTimeOffset now)
    {
        Status = ConversationStatus.OPEN;
        AssigneeId = userId;
        AssignedAt = now;
        ClosedAt = null;
        ClosedReason = null;
        InactivityWarnedAt = null;
        Changed(now);
    }

    /// <summary>Back to the queue: UNASSIGNED, no assignee.</summary>
    public void Unassign(DateTimeOffset now)
    {
        Status = ConversationStatus.UNASSIGNED;
        AssigneeId = null;
        AssignedAt = null;
        InactivityWarnedAt = null;
        Changed(now);
    }

    /// <summary>Closes the conversation; <paramref name="reason"/> tells a person's closing from an automatic one.</summary>
    public void Close(DateTimeOffset now, ConversationCloseReason reason = ConversationCloseReason.Manual)
    {
        Status = ConversationStatus.CLOSED;
        AssigneeId = null;
        AssignedAt = null;
        ClosedAt = now;
        ClosedReason = reason;
        InactivityWarnedAt = null;
        Changed(now);
    }

    /// <summary>
    /// The last sign of life: the latest message either way or the assignment, whichever is later (an agent who just
    /// took a conversation that waited long has not been idle).
    /// </summary>
    public DateTimeOffset LastActivityAt => Latest(Latest(LastMessageAt, AssignedAt), CreatedAt)!.Value;

    /// <summary>
    /// Records the inactivity warning of the current idle period. Returns false (and changes nothing) when the
    /// conversation is not OPEN or its assignee was already warned since its last activity.
    /// </summary>
    public bool WarnInactive(DateTimeOffset now)
    {
        if (Status != ConversationStatus.OPEN || InactivityWarnedAt is not null)
        {
            return false;
        }

        InactivityWarnedAt = now;
        Changed(now);
        return true;
    }

    /// <summary>Reopens a closed conversation UNASSIGNED in its queue. Returns false when it was not closed.</summary>
    public bool Reopen(DateTimeOffset now)
    {
        if (Status != ConversationStatus.CLOSED)
        {
            return false;
        }

        Status = ConversationStatus.UNASSIGNED;
        ClosedAt = null;
        ClosedReason = null;
        InactivityWarnedAt = null;
        Changed(now);
        return true;
    }

    /// <summary>Moves the conversation to another queue (transfer, or the connection's only queue).</summary>
    public void MoveToQueue(Guid? queueId, DateTimeOffset now)
    {
        QueueId = queueId;
        Changed(now);
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a >= b ? a : b;

    private static int Activity(ConversationStatus status) => status switch
    {
        ConversationStatus.OPEN => 2,
        ConversationStatus.UNASSIGNED => 1,
        _ => 0,
    };

    private void TouchMessage(DateTimeOffset sentAt, string? preview, DateTimeOffset now)
    {
        InactivityWarnedAt = null;
        if (sentAt < LastMessageAt)
        {
            MarkStaleFrom(DashboardBuckets.Floor(sentAt));
        }

        if (LastMessageAt is null || sentAt >= LastMessageAt)
        {
            LastMessageAt = sentAt;
            if (preview is not null)
            {
                LastMessagePreview = TextLimit.Cut(preview, MaxPreviewLength);
            }
        }

        Changed(now);
    }

    private void MarkStaleFrom(DateTimeOffset bucket)
    {
        if (RecountFrom is null || bucket < RecountFrom)
        {
            RecountFrom = bucket;
        }
    }

    private void Changed(DateTimeOffset now)
    {
        if (now > UpdatedAt)
        {
            UpdatedAt = now;
        }

        Version++;
    }
}
