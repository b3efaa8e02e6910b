using System.Linq.Expressions;
using WhatsSuite.Application.Campaigns.GetCampaignProgress;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Desk;

/// <summary>
/// The real-time desk's wire contract, version <see cref="Version"/>: every event reaches the client as one
/// <see cref="DeskEnvelope"/> through the hub method <see cref="ClientMethod"/>, its <c>type</c> one of these names and
/// its <c>data</c> the payload named next to it. <c>docs/realtime.md</c> documents them and
/// <c>docs/realtime/whatssuite-desk.d.ts</c> declares them for TypeScript (a test compares the two).
/// </summary>
public static class DeskEventTypes
{
    /// <summary>The contract version carried by every envelope (<c>v</c>); it changes only with an incompatible change.</summary>
    public const int Version = 1;

    /// <summary>The client method every event is sent to.</summary>
    public const string ClientMethod = "desk";

    public const string ConversationCreated = "conversation.created";
    public const string ConversationAssigned = "conversation.assigned";
    public const string ConversationUnassigned = "conversation.unassigned";
    public const string ConversationTransferred = "conversation.transferred";
    public const string ConversationClosed = "conversation.closed";
    public const string ConversationReopened = "conversation.reopened";

    /// <summary>The preview, last-message time or other list fields changed (a message arrived or was sent).</summary>
    public const string ConversationUpdated = "conversation.updated";

    /// <summary>Nobody wrote in the OPEN conversation for its queue's warning minutes: its assignee should answer or close it.</summary>
    public const string ConversationInactivityWarning = "conversation.inactivity_warning";

    /// <summary>The conversation left the receiver's view (transfer, assignment to someone else, closing, membership): drop it.</summary>
    public const string ConversationRemoved = "conversation.removed";

    /// <summary>
    /// The <c>reason</c> of a <see cref="ConversationRemoved"/> for a conversation merged into another one of the same
    /// contact and number (a contact merge): the other one's <see cref="ConversationUpdated"/> follows; reload its messages.
    /// </summary>
    public const string ConversationMerged = "conversation.merged";

    public const string MessageNew = "message.new";
    public const string MessageStatus = "message.status";
    public const string ContactUpdated = "contact.updated";
    public const string ConnectionStatus = "connection.status";
    public const string QueueMembership = "queue.membership";

    /// <summary>A user came online, went offline or changed their availability (supervisors and admins only).</summary>
    public const string PresenceChanged = "presence.changed";

    /// <summary>The client missed events it cannot get back: reload what it shows from the REST API.</summary>
    public const string Refetch = "desk.refetch";

    /// <summary>A campaign moved in its lifecycle (admins and supervisors only, as the campaigns API).</summary>
    public const string CampaignStatus = "campaign.status";

    /// <summary>
    /// A running campaign's progress, about once a second, with the figures of <c>GET /campaigns/{id}/progress</c>
    /// (admins and supervisors only; not kept for resuming: the next one follows within a second).
    /// </summary>
    public const string CampaignProgress = "campaign.progress";

    /// <summary>Events about campaigns: only users who may use the campaigns API receive or resume them.</summary>
    public static bool IsCampaignEvent(string type) => type is CampaignStatus or CampaignProgress;

    /// <summary>
    /// The <c>reason</c> of a <see cref="ConversationRemoved"/> sent by a resume: the client missed events of a
    /// conversation it may no longer see; drop it.
    /// </summary>
    public const string Resume = "desk.resume";

    /// <summary>Every event type with the type of its <c>data</c>.</summary>
    public static IReadOnlyDictionary<string, Type> Payloads { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [ConversationCreated] = typeof(DeskConversationChange),
        [ConversationAssigned] = typeof(DeskConversationChange),
        [ConversationUnassigned] = typeof(DeskConversationChange),
        [ConversationTransferred] = typeof(DeskConversationChange),
        [ConversationClosed] = typeof(DeskConversationChange),
        [ConversationReopened] = typeof(DeskConversationChange),
        [ConversationUpdated] = typeof(DeskConversationChange),
        [ConversationInactivityWarning] = typeof(DeskConversationChange),
        [ConversationRemoved] = typeof(DeskConversationRemoved),
        [MessageNew] = typeof(DeskMessage),
        [MessageStatus] = typeof(DeskMessageStatus),
        [ContactUpdated] = typeof(DeskContact),
        [ConnectionStatus] = typeof(DeskConnectionStatus),
        [QueueMembership] = typeof(DeskQueueMembership),
        [PresenceChanged] = typeof(DeskPresence),
        [Refetch] = typeof(DeskRefetch),
        [CampaignStatus] = typeof(DeskCampaignStatus),
        [CampaignProgress] = typeof(CampaignProgressDto),
    };
}

/// <summary>
/// One event as the client receives it. <paramref name="Seq"/> increases by one with every event of
/// <paramref name="ConversationId"/> (null for events that are not about one conversation): a client that sees a gap
/// reloads that conversation. <see cref="Cursor"/> is the event's position among all desk events (every instance):
/// a reconnecting client hands the last one it saw to the hub's <c>Resume</c> method to get what it missed.
/// </summary>
public sealed record DeskEnvelope(int V, string Type, Guid? ConversationId, long? Seq, DateTimeOffset At, object Data)
{
    /// <summary>The event's position in the shared journal (null for events that are not kept: presence changes).</summary>
    public long? Cursor { get; init; }
}

/// <summary>
/// The answer of the hub's <c>Resume</c> method: the events the client missed since its cursor, oldest first, already
/// filtered by what it may see now, and the cursor to continue from. When <paramref name="Refetch"/> is set
/// (<c>too_old</c>, <c>unknown_position</c>, <c>too_many</c>) the events are no longer kept: reload from the REST API.
/// </summary>
public sealed record DeskResumeResult(long Cursor, string? Refetch, IReadOnlyList<DeskEnvelope> Events);

/// <summary>A conversation as conversation lists show it.</summary>
public sealed record DeskConversation(
    Guid Id,
    Guid ConnectionId,
    Guid ContactId,
    Guid? QueueId,
    ConversationStatus Status,
    Guid? AssigneeId,
    DateTimeOffset? LastMessageAt,
    string? LastMessagePreview,
    int UnreadCount,
    DateTimeOffset UpdatedAt,
    ConversationCloseReason? ClosedReason,
    DateTimeOffset? InactivityWarnedAt)
{
    /// <summary>A stored conversation as the desk shows it, in a query's projection (translated to SQL).</summary>
    public static readonly Expression<Func<Conversation, DeskConversation>> FromConversation = c =>
        new DeskConversation(c.Id, c.ConnectionId, c.ContactId, c.QueueId, c.Status, c.AssigneeId, c.LastMessageAt, c.LastMessagePreview, c.UnreadCount, c.UpdatedAt, c.ClosedReason, c.InactivityWarnedAt);

    private static readonly Func<Conversation, DeskConversation> Snapshot = FromConversation.Compile();

    /// <summary>A conversation entity in memory as the desk shows it (<see cref="FromConversation"/>, compiled once).</summary>
    public static DeskConversation Of(Conversation conversation) => Snapshot(conversation);
}

/// <summary>
/// A conversation after a change, with the queue and assignee it had before (null for a new one), and who made the
/// change (<paramref name="ChangedBy"/>; null for a view change that is not a change of the conversation, such as a
/// queue membership).
/// </summary>
public sealed record DeskConversationChange(DeskConversation Conversation, Guid? PreviousQueueId, Guid? PreviousAssigneeId, DeskActor? ChangedBy);

/// <summary>
/// Who made a change: <paramref name="Kind"/> <c>user</c> (with <paramref name="UserId"/>), <c>system</c> (a background
/// job, <paramref name="Name"/> such as <c>job:inactivity</c> or <c>job:webhook-inbox</c>), <c>api_key</c> (an
/// integration; its key is not named) or <c>anonymous</c> (no actor).
/// </summary>
public sealed record DeskActor(string Kind, Guid? UserId, string? Name)
{
    public const string User = "user";
    public const string System = "system";
    public const string ApiKey = "api_key";
    public const string Anonymous = "anonymous";
}

/// <summary>Drop <paramref name="ConversationId"/>: <paramref name="Reason"/> is the event type that took it out of view, or <c>queue.membership</c>.</summary>
public sealed record DeskConversationRemoved(Guid ConversationId, string Reason);

/// <summary>A message, inbound or outbound (text only for text messages; media is fetched through the REST API).</summary>
public sealed record DeskMessage(
    Guid Id,
    Guid ConversationId,
    MessageDirection Direction,
    string Type,
    string? Text,
    MessageStatus Status,
    Guid? SenderUserId,
    DateTimeOffset SentAt);

/// <summary>A message's delivery status changed (sent, delivered, read, failed).</summary>
public sealed record DeskMessageStatus(Guid Id, Guid ConversationId, MessageStatus Status, string? ErrorCode, DateTimeOffset? StatusAt);

/// <summary>A contact's shown fields changed.</summary>
public sealed record DeskContact(Guid Id, string? DisplayName, string? ProfileName, bool OptedOut, DateTimeOffset UpdatedAt);

/// <summary>A connection (business number) changed status: <c>invalid_credentials</c>, <c>disabled</c> or back to <c>active</c>.</summary>
public sealed record DeskConnectionStatus(Guid ConnectionId, ConnectionStatus Status, string? Reason);

/// <summary><paramref name="UserId"/> joined (<paramref name="Member"/> true) or left a queue.</summary>
public sealed record DeskQueueMembership(Guid QueueId, Guid UserId, bool Member);

/// <summary><paramref name="UserId"/> is online (at least one desk connection open) or not, and available or away.</summary>
public sealed record DeskPresence(Guid UserId, bool Online, Availability Availability);

/// <summary>Reload from the REST API: the events since the client's position are no longer kept.</summary>
public sealed record DeskRefetch(string Reason);

/// <summary>
/// A campaign moved from <paramref name="PreviousStatus"/> to <paramref name="Status"/>, with the reason it was given
/// (a pause's reason, <c>stop_time_reached</c>, a refused token) and who moved it (a user, or the system as
/// <c>job:campaign-dispatch</c>).
/// </summary>
public sealed record DeskCampaignStatus(Guid CampaignId, string Name, CampaignStatus Status, CampaignStatus PreviousStatus, string? Reason, DeskActor? ChangedBy);
