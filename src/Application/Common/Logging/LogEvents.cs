namespace WhatsSuite.Application.Common.Logging;

/// <summary>
/// The one registry of log event ids. Every <c>[LoggerMessage]</c> of the product takes its <c>EventId</c> from
/// here, each id belongs to one event only, and <c>LogEventRegistryTests</c> fails on an id that is used twice or
/// not listed here. Ids are stable: operators grep and alert on them, so an event keeps its id for good, and a new
/// event takes a new id in its area's range. The README's "Logs" section lists the ranges.
/// </summary>
public static class LogEvents
{
    // 100-199: the HTTP edge and shared dependencies.
    public const int RequestAnswered = 100;
    public const int RateLimitStoreUnavailable = 120;
    public const int RedisCircuitOpened = 130;
    public const int RedisCircuitClosed = 131;
    public const int SendBudgetUnavailable = 140;
    public const int SendTokenNotReturned = 141;

    // 500-599: failures answered 5xx.
    public const int UnhandledException = 500;
    public const int DependencyOutage = 503;

    // 1000-1199: the mediator pipeline and sign-in.
    public const int MessageHandled = 1000;
    public const int MessageFailed = 1001;
    public const int SignInBudgetUnavailable = 1100;
    public const int SignInFailurePlaceNotReturned = 1101;

    // 2000-2199: background jobs.
    public const int ExpiredSessionsPurged = 2000;
    public const int BacklogAutoAssigned = 2001;
    public const int AutoAssignmentRunFailed = 2100;
    public const int QueueClaimHeartbeatFailed = 2110;

    // 3000-3009: start-up (seeding, settings that are not safe for Production).
    /// <summary>The generated first-admin password: the README tells operators to look for this id.</summary>
    public const int FirstAdminGeneratedPassword = 3000;
    public const int FirstAdminSeeded = 3001;
    public const int UnsafeSetting = 3002;
    public const int SandboxConnectionSeeded = 3003;
    public const int MfaNotEnforced = 3004;

    // 3010-3099: processing the items of a webhook delivery.
    public const int WebhookItemSplitOff = 3010;
    public const int ContactIdentityChanged = 3011;
    public const int ContactsMerged = 3012;
    public const int ContactMarketingPreference = 3013;
    public const int WhatsAppReportedError = 3020;
    public const int WebhookDeliveryRejected = 3021;
    public const int ContactOptedOut = 3022;

    // 3100-3199: the webhook inbox processor.
    public const int WebhookClaimFailed = 3100;
    public const int WebhookDeliveryRefused = 3101;
    public const int WebhookDeliveryConflict = 3102;
    public const int WebhookDeliveryWillRetry = 3103;
    public const int WebhookDeliveryFailedForGood = 3104;
    public const int WebhookFailureNotRecorded = 3105;
    public const int WebhookBatchOneByOne = 3106;
    public const int WebhookDeliveryItemByItem = 3107;
    public const int WebhookStoreItemSplitOff = 3108;
    public const int WebhookBatchConflict = 3109;

    // 3200-3299: maintenance commands.
    public const int DataKeyRotated = 3200;

    // 4100-4199: the WhatsApp Cloud API gateway.
    public const int CloudApiSendRefused = 4100;

    // 4200-4299: the outbox dispatcher.
    public const int OutboxMessageSent = 4200;
    public const int OutboxRetryScheduled = 4201;
    public const int OutboxMessageFailed = 4202;
    public const int OutboxCredentialsRejected = 4203;
    public const int OutboxGatewayFault = 4204;
    public const int OutboxMessageFault = 4205;
    public const int OutboxPassFailed = 4207;
    public const int OutboxResultGroupFailed = 4208;
    public const int OutboxEarlyStatusesFailed = 4209;

    // 5300-5399: supervisors' insight (dashboards and their rollups).
    public const int DashboardRollupsRefreshed = 5300;
    public const int DashboardCacheUnavailable = 5301;

    // 5600-5649: desk rules (inactivity, business hours, conversation exports).
    public const int InactivityApplied = 5600;

    // 4300-4399: the sandbox WhatsApp.
    public const int SandboxStatusReported = 4300;
    public const int SandboxConnectionGone = 4301;
    public const int SandboxReportFailed = 4302;

    // 5000-5099: the real-time desk (hub connections, event delivery, presence).
    public const int DeskConnectionRefused = 5000;
    public const int DeskConnectionsClosed = 5001;
    public const int DeskDeliveryFailed = 5010;
    public const int DeskEventsDropped = 5011;
    public const int SessionEndNoticeNotPublished = 5020;
    public const int DeskSessionCheckFailed = 5021;
    public const int SessionEndSubscriptionFailed = 5022;
    // 5400-5449: presence (who is online, availability, presence-driven assignment) and resuming the desk.
    public const int PresenceNoticeNotPublished = 5400;
    public const int PresenceSubscriptionFailed = 5401;
    public const int PresenceUpdateFailed = 5402;
    public const int PresenceCheckFailed = 5403;
    // 5100-5199: media (download, storage, serving, key rotation).
    public const int MediaDownloadRecorded = 5100;
    public const int MediaDownloadInterrupted = 5101;
    public const int MediaServeFailed = 5102;
    // 5450-5499: media maintenance (the stranded-media sweep, the S3-compatible store, media key rotation).
    public const int MediaDownloadNotClaimed = 5450;
    public const int MediaSweepRequeued = 5451;
    public const int MediaKeyRotationProgress = 5452;
    public const int MediaKeyRotationSuperseded = 5453;
    public const int MediaKeyRotationFileMissing = 5454;
    public const int MediaS3AbortFailed = 5455;
    // 5700-5749: unreferenced media (the sweep of stored files no message references).
    public const int MediaUnreferencedDeleted = 5700;
    // 5200-5299: message templates and campaigns.
    public const int TemplateStatusChanged = 5200;
    public const int TemplatesSynced = 5201;
    public const int TemplateSyncFailed = 5202;

    // 5500-5549: outbound media (uploads to WhatsApp) and thumbnails.
    public const int CloudApiMediaUploadRefused = 5500;
    public const int OutboxMediaUploaded = 5501;
    public const int MediaThumbnailNotCreated = 5502;
    // 5850-5899: campaign audiences and replies.
    public const int CampaignReplyRouted = 5850;

    // 5750-5799: resuming the real-time desk (the journal of recent events, replays).
    public const int DeskRefetchNotKept = 5750;
    public const int DeskResumeFailed = 5751;
    // 5650-5699: data life cycle (partitions, retention and archives, backups).
    public const int PartitionsCreated = 5650;
    // 5800-5849: broadcast campaigns (the dispatcher on Hangfire, results into the ledger).
    public const int CampaignStartFailed = 5800;
    public const int CampaignBatchDispatched = 5801;
    public const int CampaignDispatchStopped = 5802;
    // 5950-5999: retention and the cold archive (months archived, restored).
    public const int HistoryMonthArchived = 5950;
    public const int HistoryMonthNotArchived = 5951;
    public const int HistoryArchiveFailed = 5952;
    public const int ArchivedMediaNotMoved = 5953;
    public const int UnrecordedArchiveNotRemoved = 5954;
    public const int RestoredMediaNotMovedBack = 5955;
    // 5900-5949: business hours (the out-of-hours reply).
    public const int OutOfHoursReplySent = 5900;
    // 6000-6049: conversation exports (streamed answers and export files).
    public const int ConversationExportWritten = 6000;
    public const int ConversationExportInterrupted = 6001;

    // 6050-6099: backups and restores (the verify-audit-chain command of the restore drill).
    public const int AuditChainVerified = 6050;
    public const int AuditChainBroken = 6051;

    // 6100-6149: following campaigns in real time (progress events) and their pacing.
    public const int CampaignProgressFailed = 6100;

    // 6150-6199: background conversation exports (files written by a job, downloads, expiry).
    public const int ConversationExportFileCompleted = 6150;
    public const int ConversationExportFileFailed = 6151;
    public const int ConversationExportFileWriteFailed = 6152;
    public const int ConversationExportFilesExpired = 6153;

    // 6200-6249: template sends built from a template's definition (out-of-hours template replies).
    public const int OutOfHoursTemplateSkipped = 6200;

    // 6250-6299: the embedded (SQLite) archive: batched moves out of the live tables.
    public const int HistoryBatchMoved = 6250;
    public const int MovedRowsPutBack = 6251;

    // 6400-6449: presence time, recorded for the dashboards.
    public const int PresenceRecorded = 6400;
    public const int PresencePurged = 6401;
    public const int PresenceClockBehind = 6402;
}
