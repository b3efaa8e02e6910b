using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Desk;

/// <summary>
/// A change a command saved that the desk shows: recorded while the command runs (from what it saves, see
/// <see cref="DeskChanges"/>), turned into events for the users who may see it once the command has committed.
/// </summary>
public abstract record DeskChange;

/// <summary>Who may see a conversation depends only on these fields (<see cref="Conversations.ConversationAccess.DenialReason"/>).</summary>
public sealed record DeskVisibility(ConversationStatus Status, Guid? AssigneeId, Guid? QueueId);

/// <summary>A conversation was created (<paramref name="Before"/> null) or changed.</summary>
public sealed record ConversationChanged(DeskConversation After, DeskVisibility? Before) : DeskChange
{
    /// <summary>The change is the inactivity warning of an idle period (the conversation's warning time was just set).</summary>
    public bool InactivityWarning { get; init; }

    /// <summary>Who made the change (the command's actor).</summary>
    public DeskActor? ChangedBy { get; init; }

    public DeskVisibility AfterVisibility => new(After.Status, After.AssigneeId, After.QueueId);

    /// <summary>The event type of the change, from what differs between before and after.</summary>
    public string EventType => Before switch
    {
        null => DeskEventTypes.ConversationCreated,
        _ when Before.Status != ConversationStatus.CLOSED && After.Status == ConversationStatus.CLOSED => DeskEventTypes.ConversationClosed,
        _ when Before.Status == ConversationStatus.CLOSED && After.Status != ConversationStatus.CLOSED => DeskEventTypes.ConversationReopened,
        _ when Before.QueueId != After.QueueId => DeskEventTypes.ConversationTransferred,
        _ when Before.AssigneeId != After.AssigneeId && After.AssigneeId is null => DeskEventTypes.ConversationUnassigned,
        _ when Before.AssigneeId != After.AssigneeId => DeskEventTypes.ConversationAssigned,
        _ when InactivityWarning => DeskEventTypes.ConversationInactivityWarning,
        _ => DeskEventTypes.ConversationUpdated,
    };
}

/// <summary>
/// A conversation was deleted: today only when a contact merge folds it into the other conversation of the same
/// contact and number (its messages move there). <paramref name="Before"/> is who could see it.
/// </summary>
public sealed record ConversationDeleted(Guid ConversationId, DeskVisibility Before) : DeskChange;

public sealed record MessageAdded(DeskMessage Message) : DeskChange;

public sealed record MessageStatusChanged(DeskMessageStatus Status) : DeskChange;

public sealed record ContactChanged(DeskContact Contact) : DeskChange;

public sealed record ConnectionStatusChanged(DeskConnectionStatus Status) : DeskChange;

public sealed record QueueMembershipChanged(DeskQueueMembership Membership) : DeskChange;

/// <summary>A campaign moved in its lifecycle (scheduled, running, paused, completed, cancelled, failed, or back to draft).</summary>
public sealed record CampaignStatusChanged(DeskCampaignStatus Campaign) : DeskChange;
