CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "audit_logs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_audit_logs" PRIMARY KEY,
    "occurred_at" INTEGER NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NULL,
    "target_id" TEXT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT NULL,
    "ip_address" TEXT NULL,
    "user_agent" TEXT NULL,
    "request_id" TEXT NULL
);

CREATE TABLE "auth_events" (
    "id" TEXT NOT NULL CONSTRAINT "pk_auth_events" PRIMARY KEY,
    "occurred_at" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "user_id" TEXT NULL,
    "email" TEXT NULL,
    "performed_by" TEXT NULL,
    "reason" TEXT NULL,
    "ip_address" TEXT NULL,
    "user_agent" TEXT NULL
);

CREATE TABLE "users" (
    "id" TEXT NOT NULL CONSTRAINT "pk_users" PRIMARY KEY,
    "email" TEXT NOT NULL,
    "normalized_email" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "is_active" INTEGER NOT NULL,
    "password_hash" TEXT NOT NULL,
    "must_change_password" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "last_login_at" INTEGER NULL
);

CREATE TABLE "user_sessions" (
    "jti" TEXT NOT NULL CONSTRAINT "pk_user_sessions" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "revoked_at" INTEGER NULL,
    "ip_address" TEXT NULL,
    "user_agent" TEXT NULL,
    CONSTRAINT "fk_user_sessions_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_audit_logs_action_occurred_at" ON "audit_logs" ("action", "occurred_at");

CREATE INDEX "ix_audit_logs_actor_id_occurred_at" ON "audit_logs" ("actor_id", "occurred_at");

CREATE INDEX "ix_audit_logs_occurred_at" ON "audit_logs" ("occurred_at");

CREATE INDEX "ix_auth_events_occurred_at" ON "auth_events" ("occurred_at");

CREATE INDEX "ix_auth_events_user_id_occurred_at" ON "auth_events" ("user_id", "occurred_at");

CREATE INDEX "ix_user_sessions_expires_at" ON "user_sessions" ("expires_at");

CREATE INDEX "ix_user_sessions_user_id" ON "user_sessions" ("user_id");

CREATE UNIQUE INDEX "ix_users_normalized_email" ON "users" ("normalized_email");

CREATE INDEX "ix_users_role_is_active" ON "users" ("role", "is_active");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123092712_InitialIdentity', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "refresh_tokens" (
    "id" TEXT NOT NULL CONSTRAINT "pk_refresh_tokens" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "family_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "used_at" INTEGER NULL,
    "revoked_at" INTEGER NULL,
    CONSTRAINT "fk_refresh_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_refresh_tokens_family_id" ON "refresh_tokens" ("family_id");

CREATE INDEX "ix_refresh_tokens_session_id" ON "refresh_tokens" ("session_id");

CREATE UNIQUE INDEX "ix_refresh_tokens_token_hash" ON "refresh_tokens" ("token_hash");

CREATE INDEX "ix_refresh_tokens_user_id_expires_at" ON "refresh_tokens" ("user_id", "expires_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123095706_RefreshTokens', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL CONSTRAINT "pk_api_keys" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NULL,
    "revoked_at" INTEGER NULL,
    "last_used_at" INTEGER NULL
);

CREATE UNIQUE INDEX "ix_api_keys_prefix" ON "api_keys" ("prefix");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123100724_ApiKeys', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "queues" (
    "id" TEXT NOT NULL CONSTRAINT "pk_queues" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "normalized_name" TEXT NOT NULL,
    "description" TEXT NULL,
    "strategy" TEXT NOT NULL,
    "agent_capacity" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "deleted_at" INTEGER NULL
);

CREATE TABLE "queue_members" (
    "queue_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "added_at" INTEGER NOT NULL,
    CONSTRAINT "pk_queue_members" PRIMARY KEY ("queue_id", "user_id"),
    CONSTRAINT "fk_queue_members_queues_queue_id" FOREIGN KEY ("queue_id") REFERENCES "queues" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_queue_members_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_queue_members_user_id" ON "queue_members" ("user_id");

CREATE UNIQUE INDEX "ix_queues_normalized_name" ON "queues" ("normalized_name") WHERE deleted_at IS NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123102155_Queues', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "users" ADD "mfa_challenge_expires_at" INTEGER NULL;

ALTER TABLE "users" ADD "mfa_challenge_hash" TEXT NULL;

ALTER TABLE "users" ADD "mfa_enabled" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "users" ADD "mfa_last_used_step" INTEGER NULL;

ALTER TABLE "users" ADD "mfa_recovery_code_hashes" TEXT NULL;

ALTER TABLE "users" ADD "mfa_secret" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123103710_MfaTotp', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "audit_logs" ADD "hash" TEXT NOT NULL DEFAULT '';

ALTER TABLE "audit_logs" ADD "previous_hash" TEXT NOT NULL DEFAULT '';

ALTER TABLE "audit_logs" ADD "sequence" INTEGER NOT NULL DEFAULT 0;

UPDATE audit_logs SET sequence = (SELECT count(*) FROM audit_logs AS b WHERE b.occurred_at < audit_logs.occurred_at OR (b.occurred_at = audit_logs.occurred_at AND b.id <= audit_logs.id));

CREATE UNIQUE INDEX "ix_audit_logs_sequence" ON "audit_logs" ("sequence");

CREATE TRIGGER audit_logs_refuse_update BEFORE UPDATE ON audit_logs
BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_logs_refuse_delete BEFORE DELETE ON audit_logs
BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only: DELETE refused'); END;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123105106_AuditHashChain', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "connections" (
    "id" TEXT NOT NULL CONSTRAINT "pk_connections" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "normalized_name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "phone_number_id" TEXT NOT NULL,
    "waba_id" TEXT NULL,
    "display_number" TEXT NOT NULL,
    "access_token_protected" TEXT NOT NULL,
    "app_secret_protected" TEXT NOT NULL,
    "webhook_verify_token_protected" TEXT NOT NULL,
    "send_rate_limit_per_second" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "status_reason" TEXT NULL,
    "credentials_checked_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "deleted_at" INTEGER NULL
);

CREATE TABLE "contacts" (
    "id" TEXT NOT NULL CONSTRAINT "pk_contacts" PRIMARY KEY,
    "wa_id" TEXT NOT NULL,
    "profile_name" TEXT NULL,
    "display_name" TEXT NULL,
    "tags" TEXT NOT NULL,
    "opted_out" INTEGER NOT NULL,
    "opted_out_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL
);

CREATE TABLE "message_status_events" (
    "id" TEXT NOT NULL CONSTRAINT "pk_message_status_events" PRIMARY KEY,
    "connection_id" TEXT NOT NULL,
    "wamid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "recipient_id" TEXT NULL,
    "error_code" TEXT NULL,
    "error_title" TEXT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "webhook_inbox" (
    "id" TEXT NOT NULL CONSTRAINT "pk_webhook_inbox" PRIMARY KEY,
    "connection_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "processed_at" INTEGER NULL,
    "last_error" TEXT NULL
);

CREATE TABLE "connection_queues" (
    "connection_id" TEXT NOT NULL,
    "queue_id" TEXT NOT NULL,
    "linked_at" INTEGER NOT NULL,
    CONSTRAINT "pk_connection_queues" PRIMARY KEY ("connection_id", "queue_id"),
    CONSTRAINT "fk_connection_queues_connections_connection_id" FOREIGN KEY ("connection_id") REFERENCES "connections" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_connection_queues_queues_queue_id" FOREIGN KEY ("queue_id") REFERENCES "queues" ("id") ON DELETE CASCADE
);

CREATE TABLE "conversations" (
    "id" TEXT NOT NULL CONSTRAINT "pk_conversations" PRIMARY KEY,
    "connection_id" TEXT NOT NULL,
    "contact_id" TEXT NOT NULL,
    "queue_id" TEXT NULL,
    "status" TEXT NOT NULL,
    "assignee_id" TEXT NULL,
    "assigned_at" INTEGER NULL,
    "closed_at" INTEGER NULL,
    "last_inbound_at" INTEGER NULL,
    "last_message_at" INTEGER NULL,
    "last_message_preview" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_conversations_connections_connection_id" FOREIGN KEY ("connection_id") REFERENCES "connections" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_conversations_contacts_contact_id" FOREIGN KEY ("contact_id") REFERENCES "contacts" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_conversations_queues_queue_id" FOREIGN KEY ("queue_id") REFERENCES "queues" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_conversations_users_assignee_id" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "messages" (
    "id" TEXT NOT NULL CONSTRAINT "pk_messages" PRIMARY KEY,
    "conversation_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "wamid" TEXT NULL,
    "type" TEXT NOT NULL,
    "text" TEXT NULL,
    "content" TEXT NOT NULL,
    "reply_to_wamid" TEXT NULL,
    "media_id" TEXT NULL,
    "media_mime_type" TEXT NULL,
    "media_sha256" TEXT NULL,
    "media_file_name" TEXT NULL,
    "status" TEXT NOT NULL,
    "error_code" TEXT NULL,
    "error_title" TEXT NULL,
    "sender_user_id" TEXT NULL,
    "sent_at" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "status_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NULL,
    CONSTRAINT "fk_messages_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_messages_users_sender_user_id" FOREIGN KEY ("sender_user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_connection_queues_queue_id" ON "connection_queues" ("queue_id");

CREATE UNIQUE INDEX "ix_connections_normalized_name" ON "connections" ("normalized_name") WHERE deleted_at IS NULL;

CREATE UNIQUE INDEX "ix_connections_phone_number_id" ON "connections" ("phone_number_id") WHERE deleted_at IS NULL;

CREATE UNIQUE INDEX "ix_contacts_wa_id" ON "contacts" ("wa_id");

CREATE INDEX "ix_conversations_assignee_id_status_updated_at_id" ON "conversations" ("assignee_id", "status", "updated_at", "id");

CREATE UNIQUE INDEX "ix_conversations_connection_id_contact_id" ON "conversations" ("connection_id", "contact_id");

CREATE INDEX "ix_conversations_contact_id" ON "conversations" ("contact_id");

CREATE INDEX "ix_conversations_queue_id_status_updated_at_id" ON "conversations" ("queue_id", "status", "updated_at", "id");

CREATE INDEX "ix_conversations_status_updated_at_id" ON "conversations" ("status", "updated_at", "id");

CREATE UNIQUE INDEX "ix_message_status_events_wamid_status" ON "message_status_events" ("wamid", "status");

CREATE UNIQUE INDEX "ix_messages_connection_id_wamid" ON "messages" ("connection_id", "wamid") WHERE wamid IS NOT NULL;

CREATE INDEX "ix_messages_conversation_id_sent_at_id" ON "messages" ("conversation_id", "sent_at", "id");

CREATE INDEX "ix_messages_next_attempt_at" ON "messages" ("next_attempt_at") WHERE next_attempt_at IS NOT NULL;

CREATE INDEX "ix_messages_sender_user_id" ON "messages" ("sender_user_id");

CREATE INDEX "ix_webhook_inbox_status_next_attempt_at" ON "webhook_inbox" ("status", "next_attempt_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123113745_Conversations', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "queues" ADD "last_auto_assigned_user_id" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123115614_QueueAutoAssignRotation', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "sign_in_failures" (
    "account_key" TEXT NOT NULL CONSTRAINT "pk_sign_in_failures" PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "expires_at_unix_ms" INTEGER NOT NULL
);

CREATE INDEX "ix_sign_in_failures_expires_at_unix_ms" ON "sign_in_failures" ("expires_at_unix_ms");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128093831_SignInFailureCounts', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "user_sessions" ADD "token_hash" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128093922_SessionTokenBinding', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "ix_contacts_wa_id";

ALTER TABLE "webhook_inbox" ADD "app_id" TEXT NULL;

ALTER TABLE "webhook_inbox" ADD "item_count" INTEGER NULL;

ALTER TABLE "webhook_inbox" ADD "parent_id" TEXT NULL;

ALTER TABLE "webhook_inbox" ADD "progress" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "webhook_inbox" ADD "split_items" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "messages" ADD "referral_body" TEXT NULL;

ALTER TABLE "messages" ADD "referral_ctwa_clid" TEXT NULL;

ALTER TABLE "messages" ADD "referral_headline" TEXT NULL;

ALTER TABLE "messages" ADD "referral_media_type" TEXT NULL;

ALTER TABLE "messages" ADD "referral_media_url" TEXT NULL;

ALTER TABLE "messages" ADD "referral_source_id" TEXT NULL;

ALTER TABLE "messages" ADD "referral_source_type" TEXT NULL;

ALTER TABLE "messages" ADD "referral_source_url" TEXT NULL;

ALTER TABLE "messages" ADD "referral_thumbnail_url" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_body" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_ctwa_clid" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_headline" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_media_type" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_media_url" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_source_id" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_source_type" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_source_url" TEXT NULL;

ALTER TABLE "conversations" ADD "referral_thumbnail_url" TEXT NULL;

ALTER TABLE "conversations" ADD "referred_at" INTEGER NULL;

ALTER TABLE "contacts" ADD "marketing_opted_out" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "contacts" ADD "marketing_preference_at" INTEGER NULL;

ALTER TABLE "contacts" ADD "parent_user_id" TEXT NULL;

ALTER TABLE "contacts" ADD "user_id" TEXT NULL;

ALTER TABLE "contacts" ADD "username" TEXT NULL;

ALTER TABLE "connections" ADD "messaging_limit" TEXT NULL;

ALTER TABLE "connections" ADD "meta_app_id" TEXT NULL;

ALTER TABLE "connections" ADD "quality_event" TEXT NULL;

ALTER TABLE "connections" ADD "quality_updated_at" INTEGER NULL;

CREATE TABLE "connection_events" (
    "id" TEXT NOT NULL CONSTRAINT "pk_connection_events" PRIMARY KEY,
    "connection_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "event" TEXT NULL,
    "payload" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "note" TEXT NULL,
    "occurred_at" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    "dedup_key" TEXT NOT NULL,
    CONSTRAINT "fk_connection_events_connections_connection_id" FOREIGN KEY ("connection_id") REFERENCES "connections" ("id") ON DELETE RESTRICT
);

CREATE TABLE "contact_identity_events" (
    "id" TEXT NOT NULL CONSTRAINT "pk_contact_identity_events" PRIMARY KEY,
    "contact_id" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "old_wa_id" TEXT NULL,
    "new_wa_id" TEXT NULL,
    "old_user_id" TEXT NULL,
    "new_user_id" TEXT NULL,
    "merged_contact_id" TEXT NULL,
    "source" TEXT NULL,
    "occurred_at" INTEGER NOT NULL,
    "recorded_at" INTEGER NOT NULL
);

CREATE INDEX "ix_webhook_inbox_parent_id" ON "webhook_inbox" ("parent_id") WHERE parent_id IS NOT NULL;

CREATE INDEX "ix_conversations_referral_source_type_referral_source_id" ON "conversations" ("referral_source_type", "referral_source_id");

CREATE UNIQUE INDEX "ix_contacts_user_id" ON "contacts" ("user_id") WHERE user_id IS NOT NULL;

CREATE UNIQUE INDEX "ix_contacts_wa_id" ON "contacts" ("wa_id") WHERE wa_id IS NOT NULL;

CREATE INDEX "ix_connections_meta_app_id" ON "connections" ("meta_app_id") WHERE meta_app_id IS NOT NULL;

CREATE UNIQUE INDEX "ix_connection_events_connection_id_dedup_key" ON "connection_events" ("connection_id", "dedup_key");

CREATE INDEX "ix_connection_events_connection_id_received_at" ON "connection_events" ("connection_id", "received_at");

CREATE INDEX "ix_contact_identity_events_contact_id_occurred_at" ON "contact_identity_events" ("contact_id", "occurred_at");

CREATE TABLE "ef_temp_webhook_inbox" (
    "id" TEXT NOT NULL CONSTRAINT "pk_webhook_inbox" PRIMARY KEY,
    "app_id" TEXT NULL,
    "attempts" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "connection_id" TEXT NULL,
    "item_count" INTEGER NULL,
    "last_error" TEXT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "parent_id" TEXT NULL,
    "processed_at" INTEGER NULL,
    "progress" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    "split_items" INTEGER NOT NULL,
    "status" TEXT NOT NULL
);

INSERT INTO "ef_temp_webhook_inbox" ("id", "app_id", "attempts", "body", "connection_id", "item_count", "last_error", "next_attempt_at", "parent_id", "processed_at", "progress", "received_at", "split_items", "status")
SELECT "id", "app_id", "attempts", "body", "connection_id", "item_count", "last_error", "next_attempt_at", "parent_id", "processed_at", "progress", "received_at", "split_items", "status"
FROM "webhook_inbox";

CREATE TABLE "ef_temp_contacts" (
    "id" TEXT NOT NULL CONSTRAINT "pk_contacts" PRIMARY KEY,
    "created_at" INTEGER NOT NULL,
    "display_name" TEXT NULL,
    "marketing_opted_out" INTEGER NOT NULL,
    "marketing_preference_at" INTEGER NULL,
    "opted_out" INTEGER NOT NULL,
    "opted_out_at" INTEGER NULL,
    "parent_user_id" TEXT NULL,
    "profile_name" TEXT NULL,
    "tags" TEXT NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "user_id" TEXT NULL,
    "username" TEXT NULL,
    "wa_id" TEXT NULL,
    CONSTRAINT "ck_contacts_identified" CHECK (wa_id IS NOT NULL OR user_id IS NOT NULL)
);

INSERT INTO "ef_temp_contacts" ("id", "created_at", "display_name", "marketing_opted_out", "marketing_preference_at", "opted_out", "opted_out_at", "parent_user_id", "profile_name", "tags", "updated_at", "user_id", "username", "wa_id")
SELECT "id", "created_at", "display_name", "marketing_opted_out", "marketing_preference_at", "opted_out", "opted_out_at", "parent_user_id", "profile_name", "tags", "updated_at", "user_id", "username", "wa_id"
FROM "contacts";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "webhook_inbox";

ALTER TABLE "ef_temp_webhook_inbox" RENAME TO "webhook_inbox";

DROP TABLE "contacts";

ALTER TABLE "ef_temp_contacts" RENAME TO "contacts";

COMMIT;

PRAGMA foreign_keys = 1;

BEGIN TRANSACTION;
CREATE INDEX "ix_webhook_inbox_parent_id" ON "webhook_inbox" ("parent_id") WHERE parent_id IS NOT NULL;

CREATE INDEX "ix_webhook_inbox_status_next_attempt_at" ON "webhook_inbox" ("status", "next_attempt_at");

CREATE UNIQUE INDEX "ix_contacts_user_id" ON "contacts" ("user_id") WHERE user_id IS NOT NULL;

CREATE UNIQUE INDEX "ix_contacts_wa_id" ON "contacts" ("wa_id") WHERE wa_id IS NOT NULL;

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128095605_WebhookFidelity', '10.0.11');

BEGIN TRANSACTION;
CREATE TABLE "conversation_closed_counts" (
    "queue_key" TEXT NOT NULL CONSTRAINT "pk_conversation_closed_counts" PRIMARY KEY,
    "count" INTEGER NOT NULL
);

CREATE TABLE "conversation_search_documents" (
    "conversation_id" TEXT NOT NULL CONSTRAINT "pk_conversation_search_documents" PRIMARY KEY,
    "contact_text" TEXT NOT NULL,
    "message_text" TEXT NOT NULL,
    CONSTRAINT "fk_conversation_search_documents_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_conversations_assignee_id_updated_at_id" ON "conversations" ("assignee_id", "updated_at", "id");

CREATE INDEX "ix_conversations_connection_id_updated_at_id" ON "conversations" ("connection_id", "updated_at", "id");

CREATE INDEX "ix_conversations_queue_id_updated_at_id" ON "conversations" ("queue_id", "updated_at", "id");

CREATE INDEX "ix_conversations_status_queue_id_assignee_id" ON "conversations" ("status", "queue_id", "assignee_id");

CREATE INDEX "ix_conversations_updated_at_id" ON "conversations" ("updated_at", "id");

CREATE VIRTUAL TABLE conversation_search_fts USING fts5(
    contact_text, message_text, content='conversation_search_documents', content_rowid='rowid', tokenize='trigram');

CREATE TRIGGER conversation_search_documents_ai AFTER INSERT ON conversation_search_documents BEGIN
    INSERT INTO conversation_search_fts (rowid, contact_text, message_text) VALUES (new.rowid, new.contact_text, new.message_text);
END;

CREATE TRIGGER conversation_search_documents_ad AFTER DELETE ON conversation_search_documents BEGIN
    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text, message_text) VALUES ('delete', old.rowid, old.contact_text, old.message_text);
END;

CREATE TRIGGER conversation_search_documents_au AFTER UPDATE ON conversation_search_documents BEGIN
    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text, message_text) VALUES ('delete', old.rowid, old.contact_text, old.message_text);
    INSERT INTO conversation_search_fts (rowid, contact_text, message_text) VALUES (new.rowid, new.contact_text, new.message_text);
END;

CREATE TRIGGER conversations_closed_counts_ai AFTER INSERT ON conversations WHEN new.status = 'CLOSED' BEGIN
    INSERT INTO conversation_closed_counts (queue_key, count) VALUES (coalesce(new.queue_id, '00000000-0000-0000-0000-000000000000'), 1)
    ON CONFLICT (queue_key) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER conversations_closed_counts_ad AFTER DELETE ON conversations WHEN old.status = 'CLOSED' BEGIN
    UPDATE conversation_closed_counts SET count = count - 1 WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000');
END;

CREATE TRIGGER conversations_closed_counts_au AFTER UPDATE OF status, queue_id ON conversations
WHEN (old.status = 'CLOSED' OR new.status = 'CLOSED') AND (old.status IS NOT new.status OR old.queue_id IS NOT new.queue_id) BEGIN
    UPDATE conversation_closed_counts SET count = count - 1
    WHERE old.status = 'CLOSED' AND queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000');
    INSERT INTO conversation_closed_counts (queue_key, count)
    SELECT coalesce(new.queue_id, '00000000-0000-0000-0000-000000000000'), 1 WHERE new.status = 'CLOSED'
    ON CONFLICT (queue_key) DO UPDATE SET count = count + 1;
END;

INSERT INTO conversation_closed_counts (queue_key, count)
SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'), count(*) FROM conversations WHERE status = 'CLOSED' GROUP BY 1;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128122825_DeskAtScale', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "ix_webhook_inbox_status_next_attempt_at";

CREATE INDEX "ix_webhook_inbox_status_next_attempt_at_id" ON "webhook_inbox" ("status", "next_attempt_at", "id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128135413_InboxClaimOrderIndex', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "queues" ADD "first_response_target_seconds" INTEGER NOT NULL DEFAULT 300;

CREATE TABLE "dashboard_conversation_message_counts" (
    "conversation_id" TEXT NOT NULL,
    "bucket_start" INTEGER NOT NULL,
    "agent_id" TEXT NOT NULL,
    "direction" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "queue_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "pk_dashboard_conversation_message_counts" PRIMARY KEY ("conversation_id", "bucket_start", "agent_id", "direction", "type")
);

CREATE TABLE "dashboard_message_counts" (
    "bucket_start" INTEGER NOT NULL,
    "queue_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "direction" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "pk_dashboard_message_counts" PRIMARY KEY ("bucket_start", "queue_id", "connection_id", "agent_id", "direction", "type")
);

CREATE TABLE "dashboard_removed_conversations" (
    "conversation_id" TEXT NOT NULL CONSTRAINT "pk_dashboard_removed_conversations" PRIMARY KEY,
    "removed_at" INTEGER NOT NULL
);

CREATE TABLE "dashboard_resolutions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_dashboard_resolutions" PRIMARY KEY,
    "conversation_id" TEXT NOT NULL,
    "queue_id" TEXT NOT NULL,
    "agent_id" TEXT NULL,
    "opened_at" INTEGER NOT NULL,
    "closed_at" INTEGER NOT NULL,
    "seconds" INTEGER NOT NULL
);

CREATE TABLE "dashboard_response_episodes" (
    "conversation_id" TEXT NOT NULL,
    "started_at" INTEGER NOT NULL,
    "queue_id" TEXT NOT NULL,
    "responded_at" INTEGER NULL,
    "responder_id" TEXT NULL,
    "seconds" INTEGER NULL,
    CONSTRAINT "pk_dashboard_response_episodes" PRIMARY KEY ("conversation_id", "started_at")
);

CREATE TABLE "dashboard_rollup_state" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_dashboard_rollup_state" PRIMARY KEY,
    "watermark" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL
);

INSERT INTO "dashboard_rollup_state" ("id", "updated_at", "version", "watermark")
VALUES (1, 1272537022464000000, 0, 1272537022464000000);
SELECT changes();


CREATE INDEX "ix_dashboard_message_counts_queue_id_bucket_start" ON "dashboard_message_counts" ("queue_id", "bucket_start");

CREATE INDEX "ix_dashboard_resolutions_agent_id_closed_at" ON "dashboard_resolutions" ("agent_id", "closed_at");

CREATE INDEX "ix_dashboard_resolutions_closed_at" ON "dashboard_resolutions" ("closed_at");

CREATE INDEX "ix_dashboard_resolutions_conversation_id_closed_at" ON "dashboard_resolutions" ("conversation_id", "closed_at");

CREATE INDEX "ix_dashboard_resolutions_queue_id_closed_at" ON "dashboard_resolutions" ("queue_id", "closed_at");

CREATE INDEX "ix_dashboard_response_episodes_queue_id_started_at" ON "dashboard_response_episodes" ("queue_id", "started_at");

CREATE INDEX "ix_dashboard_response_episodes_responder_id_started_at" ON "dashboard_response_episodes" ("responder_id", "started_at");

CREATE INDEX "ix_dashboard_response_episodes_started_at" ON "dashboard_response_episodes" ("started_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128153824_DashboardRollups', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "message_templates" (
    "id" TEXT NOT NULL CONSTRAINT "pk_message_templates" PRIMARY KEY,
    "connection_id" TEXT NOT NULL,
    "meta_template_id" TEXT NULL,
    "name" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_reason" TEXT NULL,
    "components" TEXT NOT NULL,
    "status_at" INTEGER NOT NULL,
    "synced_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "fk_message_templates_connections_connection_id" FOREIGN KEY ("connection_id") REFERENCES "connections" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_message_templates_connection_id_name_language" ON "message_templates" ("connection_id", "name", "language");

CREATE INDEX "ix_message_templates_meta_template_id" ON "message_templates" ("meta_template_id") WHERE meta_template_id IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128153858_MessageTemplates', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "messages" ADD "media_attempts" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "messages" ADD "media_error" TEXT NULL;

ALTER TABLE "messages" ADD "media_object_id" TEXT NULL;

ALTER TABLE "messages" ADD "media_status" TEXT NULL;

CREATE TABLE "media_objects" (
    "id" TEXT NOT NULL CONSTRAINT "pk_media_objects" PRIMARY KEY,
    "connection_id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content_type" TEXT NOT NULL,
    "key_id" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "fk_media_objects_connections_connection_id" FOREIGN KEY ("connection_id") REFERENCES "connections" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_messages_media_object_id" ON "messages" ("media_object_id") WHERE media_object_id IS NOT NULL;

CREATE UNIQUE INDEX "ix_media_objects_connection_id_sha256" ON "media_objects" ("connection_id", "sha256");

CREATE INDEX "ix_media_objects_key_id_id" ON "media_objects" ("key_id", "id");

CREATE UNIQUE INDEX "ix_media_objects_storage_key" ON "media_objects" ("storage_key");

CREATE TABLE "ef_temp_messages" (
    "id" TEXT NOT NULL CONSTRAINT "pk_messages" PRIMARY KEY,
    "attempts" INTEGER NOT NULL,
    "connection_id" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "direction" TEXT NOT NULL,
    "error_code" TEXT NULL,
    "error_title" TEXT NULL,
    "media_attempts" INTEGER NOT NULL,
    "media_error" TEXT NULL,
    "media_file_name" TEXT NULL,
    "media_id" TEXT NULL,
    "media_mime_type" TEXT NULL,
    "media_object_id" TEXT NULL,
    "media_sha256" TEXT NULL,
    "media_status" TEXT NULL,
    "next_attempt_at" INTEGER NULL,
    "referral_body" TEXT NULL,
    "referral_ctwa_clid" TEXT NULL,
    "referral_headline" TEXT NULL,
    "referral_media_type" TEXT NULL,
    "referral_media_url" TEXT NULL,
    "referral_source_id" TEXT NULL,
    "referral_source_type" TEXT NULL,
    "referral_source_url" TEXT NULL,
    "referral_thumbnail_url" TEXT NULL,
    "reply_to_wamid" TEXT NULL,
    "sender_user_id" TEXT NULL,
    "sent_at" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "status_at" INTEGER NULL,
    "text" TEXT NULL,
    "type" TEXT NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "wamid" TEXT NULL,
    CONSTRAINT "fk_messages_conversations_conversation_id" FOREIGN KEY ("conversation_id") REFERENCES "conversations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_messages_media_objects_media_object_id" FOREIGN KEY ("media_object_id") REFERENCES "media_objects" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_messages_users_sender_user_id" FOREIGN KEY ("sender_user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

INSERT INTO "ef_temp_messages" ("id", "attempts", "connection_id", "content", "conversation_id", "created_at", "direction", "error_code", "error_title", "media_attempts", "media_error", "media_file_name", "media_id", "media_mime_type", "media_object_id", "media_sha256", "media_status", "next_attempt_at", "referral_body", "referral_ctwa_clid", "referral_headline", "referral_media_type", "referral_media_url", "referral_source_id", "referral_source_type", "referral_source_url", "referral_thumbnail_url", "reply_to_wamid", "sender_user_id", "sent_at", "status", "status_at", "text", "type", "updated_at", "wamid")
SELECT "id", "attempts", "connection_id", "content", "conversation_id", "created_at", "direction", "error_code", "error_title", "media_attempts", "media_error", "media_file_name", "media_id", "media_mime_type", "media_object_id", "media_sha256", "media_status", "next_attempt_at", "referral_body", "referral_ctwa_clid", "referral_headline", "referral_media_type", "referral_media_url", "referral_source_id", "referral_source_type", "referral_source_url", "referral_thumbnail_url", "reply_to_wamid", "sender_user_id", "sent_at", "status", "status_at", "text", "type", "updated_at", "wamid"
FROM "messages";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "messages";

ALTER TABLE "ef_temp_messages" RENAME TO "messages";

COMMIT;

PRAGMA foreign_keys = 1;

BEGIN TRANSACTION;
CREATE UNIQUE INDEX "ix_messages_connection_id_wamid" ON "messages" ("connection_id", "wamid") WHERE wamid IS NOT NULL;

CREATE INDEX "ix_messages_conversation_id_sent_at_id" ON "messages" ("conversation_id", "sent_at", "id");

CREATE INDEX "ix_messages_media_object_id" ON "messages" ("media_object_id") WHERE media_object_id IS NOT NULL;

CREATE INDEX "ix_messages_next_attempt_at" ON "messages" ("next_attempt_at") WHERE next_attempt_at IS NOT NULL;

CREATE INDEX "ix_messages_sender_user_id" ON "messages" ("sender_user_id");

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128154217_MediaStorage', '10.0.11');

BEGIN TRANSACTION;
CREATE TABLE "quick_replies" (
    "id" TEXT NOT NULL CONSTRAINT "pk_quick_replies" PRIMARY KEY,
    "shortcut" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "queue_id" TEXT NULL,
    "owner_id" TEXT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "fk_quick_replies_queues_queue_id" FOREIGN KEY ("queue_id") REFERENCES "queues" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_quick_replies_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_quick_replies_owner_id_shortcut" ON "quick_replies" ("owner_id", "shortcut") WHERE owner_id IS NOT NULL;

CREATE UNIQUE INDEX "ix_quick_replies_queue_id_shortcut" ON "quick_replies" ("queue_id", "shortcut") WHERE queue_id IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128161324_QuickReplies', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "campaigns" (
    "id" TEXT NOT NULL CONSTRAINT "pk_campaigns" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "template_name" TEXT NOT NULL,
    "template_language" TEXT NOT NULL,
    "variables" TEXT NOT NULL,
    "queue_id" TEXT NULL,
    "status" TEXT NOT NULL,
    "status_reason" TEXT NULL,
    "start_at" INTEGER NULL,
    "stop_at" INTEGER NULL,
    "time_zone" TEXT NOT NULL,
    "allowed_from" TEXT NULL,
    "allowed_until" TEXT NULL,
    "messages_per_second" INTEGER NULL,
    "daily_cap" INTEGER NULL,
    "created_by_user_id" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "started_at" INTEGER NULL,
    "finished_at" INTEGER NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_campaigns_queues_queue_id" FOREIGN KEY ("queue_id") REFERENCES "queues" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_campaigns_users_created_by_user_id" FOREIGN KEY ("created_by_user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "campaign_connections" (
    "campaign_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    CONSTRAINT "pk_campaign_connections" PRIMARY KEY ("campaign_id", "connection_id"),
    CONSTRAINT "fk_campaign_connections_campaigns_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "campaigns" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_campaign_connections_connections_connection_id" FOREIGN KEY ("connection_id") REFERENCES "connections" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_campaign_connections_connection_id" ON "campaign_connections" ("connection_id");

CREATE INDEX "ix_campaigns_created_by_user_id" ON "campaigns" ("created_by_user_id");

CREATE INDEX "ix_campaigns_queue_id" ON "campaigns" ("queue_id");

CREATE INDEX "ix_campaigns_status_created_at" ON "campaigns" ("status", "created_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128161950_CampaignDrafts', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "campaign_recipients" (
    "id" TEXT NOT NULL CONSTRAINT "pk_campaign_recipients" PRIMARY KEY,
    "campaign_id" TEXT NOT NULL,
    "phone" TEXT NULL,
    "input" TEXT NOT NULL,
    "line" INTEGER NULL,
    "contact_id" TEXT NULL,
    "fields" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "skip_reason" TEXT NULL,
    "error_code" TEXT NULL,
    "error_title" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    CONSTRAINT "fk_campaign_recipients_campaigns_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "campaigns" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_campaign_recipients_contacts_contact_id" FOREIGN KEY ("contact_id") REFERENCES "contacts" ("id") ON DELETE SET NULL
);

CREATE UNIQUE INDEX "ix_campaign_recipients_campaign_id_phone" ON "campaign_recipients" ("campaign_id", "phone") WHERE phone IS NOT NULL;

CREATE INDEX "ix_campaign_recipients_campaign_id_status_next_attempt_at_id" ON "campaign_recipients" ("campaign_id", "status", "next_attempt_at", "id");

CREATE INDEX "ix_campaign_recipients_contact_id" ON "campaign_recipients" ("contact_id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128182819_CampaignRecipientLedger', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "system_settings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_system_settings" PRIMARY KEY,
    "auto_assign_interval_minutes" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "ck_system_settings_single_row" CHECK (id = 1)
);

INSERT INTO "system_settings" ("id", "auto_assign_interval_minutes", "updated_at", "version")
VALUES (1, 1, 1309315497984000000, 0);
SELECT changes();


INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128182919_SystemSettings', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "users" ADD "availability" TEXT NOT NULL DEFAULT 'Available';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128182920_UserAvailability', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "messages" ADD "media_next_attempt_at" INTEGER NULL;

UPDATE messages SET media_next_attempt_at = updated_at WHERE media_status = 'Pending';

CREATE INDEX "ix_messages_media_pending_due" ON "messages" ("media_next_attempt_at", "id") WHERE media_status = 'Pending';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128183847_MediaDownloadSweep', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "dashboard_recounted_conversations" (
    "conversation_id" TEXT NOT NULL CONSTRAINT "pk_dashboard_recounted_conversations" PRIMARY KEY,
    "conversation_updated_at" INTEGER NOT NULL,
    "conversation_version" INTEGER NOT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128184431_DashboardRecountedConversations', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "system_settings" ADD "inactivity_close_minutes" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "system_settings" ADD "inactivity_warn_minutes" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "queues" ADD "inactivity_close_minutes" INTEGER NULL;

ALTER TABLE "queues" ADD "inactivity_warn_minutes" INTEGER NULL;

ALTER TABLE "conversations" ADD "closed_reason" TEXT NULL;

ALTER TABLE "conversations" ADD "inactivity_warned_at" INTEGER NULL;

UPDATE "system_settings" SET "inactivity_close_minutes" = 0, "inactivity_warn_minutes" = 0
WHERE "id" = 1;
SELECT changes();


INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128190342_InactivityRules', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "conversations" ADD "unread_count" INTEGER NOT NULL DEFAULT 0;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128213419_ConversationUnreadCount', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "history_archives" (
    "id" TEXT NOT NULL CONSTRAINT "pk_history_archives" PRIMARY KEY,
    "table_name" TEXT NOT NULL,
    "period_start" INTEGER NOT NULL,
    "period_end" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "first_sequence" INTEGER NULL,
    "last_sequence" INTEGER NULL,
    "last_hash" TEXT NULL,
    "restored_at" INTEGER NULL
);

CREATE TABLE "archived_conversations" (
    "archive_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "messages" INTEGER NOT NULL,
    "first_sent_at" INTEGER NOT NULL,
    "last_sent_at" INTEGER NOT NULL,
    CONSTRAINT "pk_archived_conversations" PRIMARY KEY ("archive_id", "conversation_id"),
    CONSTRAINT "fk_archived_conversations_history_archives_archive_id" FOREIGN KEY ("archive_id") REFERENCES "history_archives" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_archived_conversations_conversation_id" ON "archived_conversations" ("conversation_id");

CREATE UNIQUE INDEX "ix_history_archives_file_name" ON "history_archives" ("file_name");

CREATE INDEX "ix_history_archives_table_name_period_start" ON "history_archives" ("table_name", "period_start");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129000118_HistoryArchives', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "queues" ADD "business_hours" TEXT NULL;

ALTER TABLE "conversations" ADD "out_of_hours_replied_at" INTEGER NULL;

CREATE TABLE "queue_business_hours_changes" (
    "id" TEXT NOT NULL CONSTRAINT "pk_queue_business_hours_changes" PRIMARY KEY,
    "queue_id" TEXT NOT NULL,
    "changed_at" INTEGER NOT NULL,
    "actor_id" TEXT NOT NULL,
    "old_hours" TEXT NULL,
    "new_hours" TEXT NULL,
    CONSTRAINT "fk_queue_business_hours_changes_queues_queue_id" FOREIGN KEY ("queue_id") REFERENCES "queues" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_queue_business_hours_changes_queue_id_changed_at" ON "queue_business_hours_changes" ("queue_id", "changed_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129001011_QueueBusinessHours', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "campaigns" ADD "last_dispatched_at" INTEGER NULL;

ALTER TABLE "campaign_recipients" ADD "connection_id" TEXT NULL;

ALTER TABLE "campaign_recipients" ADD "dispatched_at" INTEGER NULL;

ALTER TABLE "campaign_recipients" ADD "message_id" TEXT NULL;

CREATE INDEX "ix_campaign_recipients_campaign_id_connection_id_dispatched_at" ON "campaign_recipients" ("campaign_id", "connection_id", "dispatched_at") WHERE dispatched_at IS NOT NULL;

CREATE INDEX "ix_campaign_recipients_message_id" ON "campaign_recipients" ("message_id") WHERE message_id IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129001216_CampaignDispatch', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "conversations" ADD "campaign_id" TEXT NULL;

ALTER TABLE "conversations" ADD "campaign_name" TEXT NULL;

ALTER TABLE "campaign_recipients" ADD "replied_at" INTEGER NULL;

ALTER TABLE "campaign_recipients" ADD "sent_at" INTEGER NULL;

CREATE INDEX "ix_conversations_campaign_id" ON "conversations" ("campaign_id");

CREATE INDEX "ix_campaign_recipients_campaign_id_sent_at" ON "campaign_recipients" ("campaign_id", "sent_at") WHERE sent_at IS NOT NULL;

CREATE INDEX "ix_campaign_recipients_phone_sent_at" ON "campaign_recipients" ("phone", "sent_at") WHERE sent_at IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129003641_CampaignReplies', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "conversation_exports" (
    "id" TEXT NOT NULL CONSTRAINT "pk_conversation_exports" PRIMARY KEY,
    "requested_by" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "phone" TEXT NULL,
    "queue_id" TEXT NULL,
    "conversation_status" TEXT NULL,
    "from" TEXT NULL,
    "to" TEXT NULL,
    "time_zone" TEXT NULL,
    "origin" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "matched_conversations" INTEGER NOT NULL,
    "conversations" INTEGER NULL,
    "messages" INTEGER NULL,
    "file_name" TEXT NULL,
    "bytes" INTEGER NULL,
    "sha256" TEXT NULL,
    "failure_reason" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "started_at" INTEGER NULL,
    "finished_at" INTEGER NULL,
    "expires_at" INTEGER NULL,
    CONSTRAINT "fk_conversation_exports_users_requested_by" FOREIGN KEY ("requested_by") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_conversation_exports_requested_by_created_at" ON "conversation_exports" ("requested_by", "created_at");

CREATE INDEX "ix_conversation_exports_status_expires_at" ON "conversation_exports" ("status", "expires_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129052851_ConversationExportFiles', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
DROP TRIGGER IF EXISTS conversation_search_documents_ai;

DROP TRIGGER IF EXISTS conversation_search_documents_ad;

DROP TRIGGER IF EXISTS conversation_search_documents_au;

DROP TABLE IF EXISTS conversation_search_fts;

CREATE VIRTUAL TABLE conversation_search_fts USING fts5(
    contact_text, content='conversation_search_documents', content_rowid='rowid', tokenize='trigram');

CREATE VIRTUAL TABLE conversation_search_words USING fts5(
    message_text, content='conversation_search_documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER conversation_search_documents_ai AFTER INSERT ON conversation_search_documents BEGIN
    INSERT INTO conversation_search_fts (rowid, contact_text) VALUES (new.rowid, new.contact_text);
    INSERT INTO conversation_search_words (rowid, message_text) VALUES (new.rowid, new.message_text);
END;

CREATE TRIGGER conversation_search_documents_ad AFTER DELETE ON conversation_search_documents BEGIN
    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text) VALUES ('delete', old.rowid, old.contact_text);
    INSERT INTO conversation_search_words (conversation_search_words, rowid, message_text) VALUES ('delete', old.rowid, old.message_text);
END;

CREATE TRIGGER conversation_search_documents_au AFTER UPDATE ON conversation_search_documents BEGIN
    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text) VALUES ('delete', old.rowid, old.contact_text);
    INSERT INTO conversation_search_fts (rowid, contact_text) VALUES (new.rowid, new.contact_text);
    INSERT INTO conversation_search_words (conversation_search_words, rowid, message_text) VALUES ('delete', old.rowid, old.message_text);
    INSERT INTO conversation_search_words (rowid, message_text) VALUES (new.rowid, new.message_text);
END;

INSERT INTO conversation_search_fts (conversation_search_fts) VALUES ('rebuild');

INSERT INTO conversation_search_words (conversation_search_words) VALUES ('rebuild');

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129081851_SearchMessageWords', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX IF NOT EXISTS ix_contacts_list_order ON contacts (lower(COALESCE(display_name, profile_name, username, wa_id, user_id)), id);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130071041_ContactListOrder', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "dashboard_daily_message_counts" (
    "bucket_start" INTEGER NOT NULL,
    "queue_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "direction" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "pk_dashboard_daily_message_counts" PRIMARY KEY ("bucket_start", "queue_id", "connection_id", "agent_id", "direction", "type")
);

CREATE INDEX "ix_dashboard_daily_message_counts_queue_id_bucket_start" ON "dashboard_daily_message_counts" ("queue_id", "bucket_start");

UPDATE dashboard_rollup_state SET version = version + 1;

INSERT INTO dashboard_daily_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type, count)
SELECT ((bucket_start >> 11) / 864000000 * 864000000) << 11, queue_id, connection_id, agent_id, direction, type, sum(count)
FROM dashboard_message_counts
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130083655_DailyMessageCounts', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX IF NOT EXISTS ix_dashboard_response_episodes_period ON dashboard_response_episodes (started_at, queue_id, responder_id, seconds);

DROP INDEX "ix_dashboard_response_episodes_started_at";

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130092917_ResponseEpisodesPeriodIndex', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX IF NOT EXISTS ix_dashboard_resolutions_period ON dashboard_resolutions (closed_at, queue_id, agent_id, seconds);

DROP INDEX "ix_dashboard_resolutions_closed_at";

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130135020_ResolutionsPeriodIndex', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX IF NOT EXISTS ix_dashboard_response_episodes_queue_period ON dashboard_response_episodes (queue_id, started_at, seconds);

CREATE INDEX IF NOT EXISTS ix_dashboard_response_episodes_responder_period ON dashboard_response_episodes (responder_id, started_at, queue_id, seconds);

DROP INDEX "ix_dashboard_response_episodes_queue_id_started_at";

DROP INDEX "ix_dashboard_response_episodes_responder_id_started_at";

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130151112_EpisodesPerKeyIndexes', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "presence_intervals" (
    "id" TEXT NOT NULL CONSTRAINT "pk_presence_intervals" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "availability" TEXT NOT NULL,
    "started_at" INTEGER NOT NULL,
    "ended_at" INTEGER NOT NULL
);

CREATE INDEX ix_presence_intervals_period ON presence_intervals (ended_at, started_at, user_id, availability);

CREATE UNIQUE INDEX "ix_presence_intervals_user_id_started_at_availability" ON "presence_intervals" ("user_id", "started_at", "availability");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130155829_PresenceIntervals', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX "ix_campaign_recipients_campaign_id" ON "campaign_recipients" ("campaign_id") WHERE replied_at IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130162709_CampaignRepliesIndex', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "presence_recording_state" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_presence_recording_state" PRIMARY KEY,
    "last_run_at" INTEGER NULL,
    "version" INTEGER NOT NULL
);

INSERT INTO "presence_recording_state" ("id", "last_run_at", "version")
VALUES (1, NULL, 0);
SELECT changes();


INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130170116_PresenceRecordingState', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "contact_counts" (
    "opted_out" INTEGER NOT NULL,
    "marketing_opted_out" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "pk_contact_counts" PRIMARY KEY ("opted_out", "marketing_opted_out")
);

INSERT INTO contact_counts (opted_out, marketing_opted_out, count)
SELECT f.opted_out, f.marketing_opted_out,
    (SELECT count(*) FROM contacts AS c WHERE c.opted_out = f.opted_out AND c.marketing_opted_out = f.marketing_opted_out)
FROM (SELECT 0 AS opted_out, 0 AS marketing_opted_out UNION ALL SELECT 0, 1 UNION ALL SELECT 1, 0 UNION ALL SELECT 1, 1) AS f;

CREATE TRIGGER contacts_counts_ai AFTER INSERT ON contacts BEGIN
    UPDATE contact_counts SET count = count + 1 WHERE opted_out = new.opted_out AND marketing_opted_out = new.marketing_opted_out;
END;

CREATE TRIGGER contacts_counts_ad AFTER DELETE ON contacts BEGIN
    UPDATE contact_counts SET count = count - 1 WHERE opted_out = old.opted_out AND marketing_opted_out = old.marketing_opted_out;
END;

CREATE TRIGGER contacts_counts_au AFTER UPDATE OF opted_out, marketing_opted_out ON contacts
WHEN old.opted_out IS NOT new.opted_out OR old.marketing_opted_out IS NOT new.marketing_opted_out BEGIN
    UPDATE contact_counts SET count = count - 1 WHERE opted_out = old.opted_out AND marketing_opted_out = old.marketing_opted_out;
    UPDATE contact_counts SET count = count + 1 WHERE opted_out = new.opted_out AND marketing_opted_out = new.marketing_opted_out;
END;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130180047_ContactCounts', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "conversation_queue_contacts" (
    "queue_key" TEXT NOT NULL,
    "contact_id" TEXT NOT NULL,
    "conversations" INTEGER NOT NULL,
    CONSTRAINT "pk_conversation_queue_contacts" PRIMARY KEY ("queue_key", "contact_id")
);

INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations)
SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'), contact_id, count(*) FROM conversations GROUP BY 1, 2;

CREATE TRIGGER conversations_queue_contacts_ai AFTER INSERT ON conversations BEGIN
    INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations) VALUES (coalesce(new.queue_id, '00000000-0000-0000-0000-000000000000'), new.contact_id, 1)
    ON CONFLICT (queue_key, contact_id) DO UPDATE SET conversations = conversations + 1;
END;

CREATE TRIGGER conversations_queue_contacts_ad AFTER DELETE ON conversations BEGIN
    UPDATE conversation_queue_contacts SET conversations = conversations - 1 WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000') AND contact_id = old.contact_id;
    DELETE FROM conversation_queue_contacts WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000') AND contact_id = old.contact_id AND conversations <= 0;
END;

CREATE TRIGGER conversations_queue_contacts_au AFTER UPDATE OF queue_id, contact_id ON conversations
WHEN old.queue_id IS NOT new.queue_id OR old.contact_id IS NOT new.contact_id BEGIN
    UPDATE conversation_queue_contacts SET conversations = conversations - 1 WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000') AND contact_id = old.contact_id;
    DELETE FROM conversation_queue_contacts WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000') AND contact_id = old.contact_id AND conversations <= 0;
    INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations) VALUES (coalesce(new.queue_id, '00000000-0000-0000-0000-000000000000'), new.contact_id, 1)
    ON CONFLICT (queue_key, contact_id) DO UPDATE SET conversations = conversations + 1;
END;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130184252_ConversationQueueContacts', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX "ix_conversation_queue_contacts_contact_id_queue_key" ON "conversation_queue_contacts" ("contact_id", "queue_key");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130212609_ConversationQueueContactsByContact', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "contacts" ADD "search_text" TEXT NULL;

CREATE INDEX ix_contacts_search_text_pending ON contacts (id) WHERE search_text IS NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130233609_ContactSearchText', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "ix_messages_next_attempt_at";

CREATE INDEX "ix_messages_next_attempt_at_id" ON "messages" ("next_attempt_at", "id") WHERE next_attempt_at IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201055153_OutboxClaimOrderIndex', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202051747_MessageStatusConcurrencyToken', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202053906_SearchWordsAppended', '10.0.11');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "dashboard_recounted_conversations" ADD "connection_id" TEXT NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';

ALTER TABLE "dashboard_recounted_conversations" ADD "open_bucket" INTEGER NULL;

ALTER TABLE "dashboard_recounted_conversations" ADD "queue_id" TEXT NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';

ALTER TABLE "conversations" ADD "recount_from" INTEGER NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203190852_DashboardRecountFromABucket', '10.0.11');

COMMIT;
