// WhatsSuite real-time desk, event contract version 1 (docs/realtime.md).
// Every event arrives through the hub method "desk" as one DeskEvent:
//   connection.on("desk", (event: DeskEvent) => { switch (event.type) { ... } });
// A test (DeskContractTests) compares these declarations with the server's event contracts.

export type Guid = string;
/** ISO 8601 date-time with offset. */
export type DateTimeString = string;

export type ConversationStatus = "UNASSIGNED" | "OPEN" | "CLOSED";
export type ConversationCloseReason = "manual" | "inactivity";
export type MessageDirection = "in" | "out";
export type MessageStatus = "received" | "queued" | "sent" | "delivered" | "read" | "failed";
export type ConnectionStatus = "active" | "invalid_credentials" | "disabled";
export type Availability = "available" | "away";

export interface DeskConversation {
  id: Guid;
  connectionId: Guid;
  contactId: Guid;
  queueId: Guid | null;
  status: ConversationStatus;
  assigneeId: Guid | null;
  lastMessageAt: DateTimeString | null;
  lastMessagePreview: string | null;
  /** The customer's messages since the conversation was last marked read (POST /conversations/{id}/read), for the team. */
  unreadCount: number;
  /** Last activity. */
  updatedAt: DateTimeString;
  /** Why it was last closed: "manual", or "inactivity" for an automatic close after a silence. */
  closedReason: ConversationCloseReason | null;
  /** When its assignee was warned that it is idle (cleared by any activity). */
  inactivityWarnedAt: DateTimeString | null;
}

export interface DeskConversationChange {
  conversation: DeskConversation;
  previousQueueId: Guid | null;
  previousAssigneeId: Guid | null;
  /** Who made the change; null for a view change that is not a change of the conversation (a queue membership). */
  changedBy: DeskActor | null;
}

/**
 * Who made a change: a user (userId), the system (name, e.g. "job:inactivity" for an automatic close after a
 * silence, "job:webhook-inbox" for a customer's message), an integration ("api_key"), or "anonymous" (no actor).
 */
export interface DeskActor {
  kind: "user" | "system" | "api_key" | "anonymous";
  userId: Guid | null;
  name: string | null;
}

export interface DeskConversationRemoved {
  conversationId: Guid;
  /** The event type that took the conversation out of view, "queue.membership", or "conversation.merged" (folded into another conversation). */
  reason: string;
}

export interface DeskMessage {
  id: Guid;
  conversationId: Guid;
  direction: MessageDirection;
  type: string;
  text: string | null;
  status: MessageStatus;
  senderUserId: Guid | null;
  sentAt: DateTimeString;
}

export interface DeskMessageStatus {
  id: Guid;
  conversationId: Guid;
  status: MessageStatus;
  errorCode: string | null;
  statusAt: DateTimeString | null;
}

export interface DeskContact {
  id: Guid;
  displayName: string | null;
  profileName: string | null;
  optedOut: boolean;
  updatedAt: DateTimeString;
}

export interface DeskConnectionStatus {
  connectionId: Guid;
  status: ConnectionStatus;
  reason: string | null;
}

export interface DeskQueueMembership {
  queueId: Guid;
  userId: Guid;
  member: boolean;
}

/** Supervisors and admins only: a user came online, went offline or changed their availability. */
export interface DeskPresence {
  userId: Guid;
  /** At least one desk connection open, on any instance. */
  online: boolean;
  availability: Availability;
}

export interface DeskRefetch {
  reason: string;
}

export type CampaignStatus = "draft" | "scheduled" | "running" | "paused" | "completed" | "cancelled" | "failed";

/** Admins and supervisors only: a campaign moved in its lifecycle. */
export interface DeskCampaignStatus {
  campaignId: Guid;
  name: string;
  status: CampaignStatus;
  previousStatus: CampaignStatus;
  /** The reason the campaign now shows (a pause's reason, "stop_time_reached", a refused token), if any. */
  reason: string | null;
  /** Who moved it: a user, or the system ("job:campaign-dispatch"). */
  changedBy: DeskActor | null;
}

/**
 * Admins and supervisors only, about once a second while a campaign runs: the answer of
 * GET /api/v1/campaigns/{id}/progress.
 */
export interface CampaignProgressDto {
  campaignId: Guid;
  status: CampaignStatus;
  total: number;
  /** Ledger rows per state: pending, sending, sent, delivered, read, failed, skipped. */
  byStatus: Record<string, number>;
  replied: number;
  sentLastMinute: number;
  /** Messages accepted by WhatsApp per second, over the last minute. */
  ratePerSecond: number;
  /** The pace the ETA assumes: the rate achieved, or the configured pace before anything went out. */
  pacePerSecond: number | null;
  /** Rows pending or sending. */
  remaining: number;
  /** The ETA, while the campaign runs and has recipients left. */
  estimatedFinishAt: DateTimeString | null;
  startedAt: DateTimeString | null;
  finishedAt: DateTimeString | null;
}

/** The payload (data) of each event type. */
export interface DeskEventPayloads {
  "conversation.created": DeskConversationChange;
  "conversation.assigned": DeskConversationChange;
  "conversation.unassigned": DeskConversationChange;
  "conversation.transferred": DeskConversationChange;
  "conversation.closed": DeskConversationChange;
  "conversation.reopened": DeskConversationChange;
  "conversation.updated": DeskConversationChange;
  "conversation.inactivity_warning": DeskConversationChange;
  "conversation.removed": DeskConversationRemoved;
  "message.new": DeskMessage;
  "message.status": DeskMessageStatus;
  "contact.updated": DeskContact;
  "connection.status": DeskConnectionStatus;
  "queue.membership": DeskQueueMembership;
  "presence.changed": DeskPresence;
  "desk.refetch": DeskRefetch;
  "campaign.status": DeskCampaignStatus;
  "campaign.progress": CampaignProgressDto;
}

export type DeskEventType = keyof DeskEventPayloads;

/** The envelope of every event. */
export interface DeskEnvelope<T extends DeskEventType = DeskEventType> {
  /** Contract version: 1. */
  v: 1;
  type: T;
  /** The conversation the event is about, null for events about no single conversation. */
  conversationId: Guid | null;
  /** Per-conversation sequence: each event of a conversation takes the next number. Not consecutive: reload it. */
  seq: number | null;
  at: DateTimeString;
  data: DeskEventPayloads[T];
  /**
   * Position among all desk events (every instance). Keep the highest one seen and pass it to `Resume` after a
   * reconnection. Null for events that are not kept for resuming (presence.changed, campaign.progress, and the drop
   * notices of a resume).
   */
  cursor: number | null;
}

/** A discriminated union: narrowing on `type` types `data`. */
export type DeskEvent = { [T in DeskEventType]: DeskEnvelope<T> }[DeskEventType];

/**
 * The answer of the hub method `Resume(cursor)`: the events missed after `cursor`, oldest first (visibility checked
 * again now), and the cursor to continue from. With `refetch` set ("too_old", "unknown_position", "too_many") they are
 * no longer kept: reload from the REST API. `Resume(null)` answers only the current position.
 */
export interface DeskResumeResult {
  cursor: number;
  refetch: string | null;
  events: DeskEvent[];
}
