CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);

START TRANSACTION;
CREATE TABLE audit_logs (
    id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    actor_kind character varying(16) NOT NULL,
    actor_id character varying(128) NOT NULL,
    action character varying(128) NOT NULL,
    target_type character varying(64),
    target_id character varying(128),
    outcome character varying(16) NOT NULL,
    reason character varying(128),
    ip_address character varying(64),
    user_agent character varying(512),
    request_id character varying(128),
    CONSTRAINT pk_audit_logs PRIMARY KEY (id)
);

CREATE TABLE auth_events (
    id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    type character varying(32) NOT NULL,
    user_id uuid,
    email character varying(254),
    performed_by uuid,
    reason character varying(128),
    ip_address character varying(64),
    user_agent character varying(512),
    CONSTRAINT pk_auth_events PRIMARY KEY (id)
);

CREATE TABLE users (
    id uuid NOT NULL,
    email character varying(254) NOT NULL,
    normalized_email character varying(254) NOT NULL,
    full_name character varying(120) NOT NULL,
    role character varying(16) NOT NULL,
    is_active boolean NOT NULL,
    password_hash character varying(100) NOT NULL,
    must_change_password boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    last_login_at timestamp with time zone,
    CONSTRAINT pk_users PRIMARY KEY (id)
);

CREATE TABLE user_sessions (
    jti character varying(64) NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    ip_address character varying(64),
    user_agent character varying(512),
    CONSTRAINT pk_user_sessions PRIMARY KEY (jti),
    CONSTRAINT fk_user_sessions_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_audit_logs_action_occurred_at ON audit_logs (action, occurred_at);

CREATE INDEX ix_audit_logs_actor_id_occurred_at ON audit_logs (actor_id, occurred_at);

CREATE INDEX ix_audit_logs_occurred_at ON audit_logs (occurred_at);

CREATE INDEX ix_auth_events_occurred_at ON auth_events (occurred_at);

CREATE INDEX ix_auth_events_user_id_occurred_at ON auth_events (user_id, occurred_at);

CREATE INDEX ix_user_sessions_expires_at ON user_sessions (expires_at);

CREATE INDEX ix_user_sessions_user_id ON user_sessions (user_id);

CREATE UNIQUE INDEX ix_users_normalized_email ON users (normalized_email);

CREATE INDEX ix_users_role_is_active ON users (role, is_active);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123092629_InitialIdentity', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE refresh_tokens (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    family_id uuid NOT NULL,
    token_hash character varying(64) NOT NULL,
    session_id character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT pk_refresh_tokens PRIMARY KEY (id),
    CONSTRAINT fk_refresh_tokens_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);

CREATE INDEX ix_refresh_tokens_session_id ON refresh_tokens (session_id);

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);

CREATE INDEX ix_refresh_tokens_user_id_expires_at ON refresh_tokens (user_id, expires_at);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123095656_RefreshTokens', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE api_keys (
    id uuid NOT NULL,
    name character varying(100) NOT NULL,
    prefix character varying(32) NOT NULL,
    secret_hash character varying(64) NOT NULL,
    scopes character varying(1000) NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    last_used_at timestamp with time zone,
    CONSTRAINT pk_api_keys PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_api_keys_prefix ON api_keys (prefix);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123100707_ApiKeys', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE queues (
    id uuid NOT NULL,
    name character varying(80) NOT NULL,
    normalized_name character varying(80) NOT NULL,
    description character varying(500),
    strategy character varying(16) NOT NULL,
    agent_capacity integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT pk_queues PRIMARY KEY (id)
);

CREATE TABLE queue_members (
    queue_id uuid NOT NULL,
    user_id uuid NOT NULL,
    added_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_queue_members PRIMARY KEY (queue_id, user_id),
    CONSTRAINT fk_queue_members_queues_queue_id FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE CASCADE,
    CONSTRAINT fk_queue_members_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_queue_members_user_id ON queue_members (user_id);

CREATE UNIQUE INDEX ix_queues_normalized_name ON queues (normalized_name) WHERE deleted_at IS NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123102125_Queues', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE users ADD mfa_challenge_expires_at timestamp with time zone;

ALTER TABLE users ADD mfa_challenge_hash character varying(64);

ALTER TABLE users ADD mfa_enabled boolean NOT NULL DEFAULT FALSE;

ALTER TABLE users ADD mfa_last_used_step bigint;

ALTER TABLE users ADD mfa_recovery_code_hashes character varying(1024);

ALTER TABLE users ADD mfa_secret character varying(512);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123103658_MfaTotp', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE audit_logs ADD hash character varying(64) NOT NULL DEFAULT '';

ALTER TABLE audit_logs ADD previous_hash character varying(64) NOT NULL DEFAULT '';

ALTER TABLE audit_logs ADD sequence bigint NOT NULL DEFAULT 0;

UPDATE audit_logs SET sequence = (SELECT count(*) FROM audit_logs AS b WHERE b.occurred_at < audit_logs.occurred_at OR (b.occurred_at = audit_logs.occurred_at AND b.id <= audit_logs.id));

CREATE UNIQUE INDEX ix_audit_logs_sequence ON audit_logs (sequence);

CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_logs_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();
CREATE TRIGGER audit_logs_refuse_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123105055_AuditHashChain', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE connections (
    id uuid NOT NULL,
    name character varying(80) NOT NULL,
    normalized_name character varying(80) NOT NULL,
    provider character varying(16) NOT NULL,
    phone_number_id character varying(64) NOT NULL,
    waba_id character varying(64),
    display_number character varying(16) NOT NULL,
    access_token_protected text NOT NULL,
    app_secret_protected text NOT NULL,
    webhook_verify_token_protected text NOT NULL,
    send_rate_limit_per_second integer NOT NULL,
    status character varying(24) NOT NULL,
    status_reason character varying(500),
    credentials_checked_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT pk_connections PRIMARY KEY (id)
);

CREATE TABLE contacts (
    id uuid NOT NULL,
    wa_id character varying(15) NOT NULL,
    profile_name character varying(120),
    display_name character varying(120),
    tags text[] NOT NULL,
    opted_out boolean NOT NULL,
    opted_out_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_contacts PRIMARY KEY (id)
);

CREATE TABLE message_status_events (
    id uuid NOT NULL,
    connection_id uuid NOT NULL,
    wamid character varying(256) NOT NULL,
    status character varying(16) NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    recipient_id character varying(64),
    error_code character varying(32),
    error_title character varying(500),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_message_status_events PRIMARY KEY (id)
);

CREATE TABLE webhook_inbox (
    id uuid NOT NULL,
    connection_id uuid NOT NULL,
    body text NOT NULL,
    status character varying(16) NOT NULL,
    attempts integer NOT NULL,
    received_at timestamp with time zone NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    processed_at timestamp with time zone,
    last_error character varying(2000),
    CONSTRAINT pk_webhook_inbox PRIMARY KEY (id)
);

CREATE TABLE connection_queues (
    connection_id uuid NOT NULL,
    queue_id uuid NOT NULL,
    linked_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_connection_queues PRIMARY KEY (connection_id, queue_id),
    CONSTRAINT fk_connection_queues_connections_connection_id FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE CASCADE,
    CONSTRAINT fk_connection_queues_queues_queue_id FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE CASCADE
);

CREATE TABLE conversations (
    id uuid NOT NULL,
    connection_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    queue_id uuid,
    status character varying(16) NOT NULL,
    assignee_id uuid,
    assigned_at timestamp with time zone,
    closed_at timestamp with time zone,
    last_inbound_at timestamp with time zone,
    last_message_at timestamp with time zone,
    last_message_preview character varying(200),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_conversations PRIMARY KEY (id),
    CONSTRAINT fk_conversations_connections_connection_id FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE RESTRICT,
    CONSTRAINT fk_conversations_contacts_contact_id FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE RESTRICT,
    CONSTRAINT fk_conversations_queues_queue_id FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE RESTRICT,
    CONSTRAINT fk_conversations_users_assignee_id FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE TABLE messages (
    id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    direction character varying(8) NOT NULL,
    wamid character varying(256),
    type character varying(32) NOT NULL,
    text character varying(4096),
    content text NOT NULL,
    reply_to_wamid character varying(256),
    media_id character varying(256),
    media_mime_type character varying(128),
    media_sha256 character varying(128),
    media_file_name character varying(256),
    status character varying(16) NOT NULL,
    error_code character varying(32),
    error_title character varying(500),
    sender_user_id uuid,
    sent_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    status_at timestamp with time zone,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone,
    CONSTRAINT pk_messages PRIMARY KEY (id),
    CONSTRAINT fk_messages_conversations_conversation_id FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_messages_users_sender_user_id FOREIGN KEY (sender_user_id) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE INDEX ix_connection_queues_queue_id ON connection_queues (queue_id);

CREATE UNIQUE INDEX ix_connections_normalized_name ON connections (normalized_name) WHERE deleted_at IS NULL;

CREATE UNIQUE INDEX ix_connections_phone_number_id ON connections (phone_number_id) WHERE deleted_at IS NULL;

CREATE UNIQUE INDEX ix_contacts_wa_id ON contacts (wa_id);

CREATE INDEX ix_conversations_assignee_id_status_updated_at_id ON conversations (assignee_id, status, updated_at, id);

CREATE UNIQUE INDEX ix_conversations_connection_id_contact_id ON conversations (connection_id, contact_id);

CREATE INDEX ix_conversations_contact_id ON conversations (contact_id);

CREATE INDEX ix_conversations_queue_id_status_updated_at_id ON conversations (queue_id, status, updated_at, id);

CREATE INDEX ix_conversations_status_updated_at_id ON conversations (status, updated_at, id);

CREATE UNIQUE INDEX ix_message_status_events_wamid_status ON message_status_events (wamid, status);

CREATE UNIQUE INDEX ix_messages_connection_id_wamid ON messages (connection_id, wamid) WHERE wamid IS NOT NULL;

CREATE INDEX ix_messages_conversation_id_sent_at_id ON messages (conversation_id, sent_at, id);

CREATE INDEX ix_messages_next_attempt_at ON messages (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

CREATE INDEX ix_messages_sender_user_id ON messages (sender_user_id);

CREATE INDEX ix_webhook_inbox_status_next_attempt_at ON webhook_inbox (status, next_attempt_at);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123113733_Conversations', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE queues ADD last_auto_assigned_user_id uuid;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123115559_QueueAutoAssignRotation', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE sign_in_failures (
    account_key character varying(64) NOT NULL,
    failures integer NOT NULL,
    expires_at_unix_ms bigint NOT NULL,
    CONSTRAINT pk_sign_in_failures PRIMARY KEY (account_key)
);

CREATE INDEX ix_sign_in_failures_expires_at_unix_ms ON sign_in_failures (expires_at_unix_ms);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128093826_SignInFailureCounts', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE user_sessions ADD token_hash character varying(64);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128093917_SessionTokenBinding', '10.0.11');

COMMIT;

START TRANSACTION;
DROP INDEX ix_contacts_wa_id;

ALTER TABLE webhook_inbox ALTER COLUMN connection_id DROP NOT NULL;

ALTER TABLE webhook_inbox ADD app_id character varying(32);

ALTER TABLE webhook_inbox ADD item_count integer;

ALTER TABLE webhook_inbox ADD parent_id uuid;

ALTER TABLE webhook_inbox ADD progress integer NOT NULL DEFAULT 0;

ALTER TABLE webhook_inbox ADD split_items integer NOT NULL DEFAULT 0;

ALTER TABLE messages ADD referral_body character varying(2000);

ALTER TABLE messages ADD referral_ctwa_clid character varying(512);

ALTER TABLE messages ADD referral_headline character varying(500);

ALTER TABLE messages ADD referral_media_type character varying(16);

ALTER TABLE messages ADD referral_media_url character varying(2048);

ALTER TABLE messages ADD referral_source_id character varying(128);

ALTER TABLE messages ADD referral_source_type character varying(32);

ALTER TABLE messages ADD referral_source_url character varying(2048);

ALTER TABLE messages ADD referral_thumbnail_url character varying(2048);

ALTER TABLE conversations ADD referral_body character varying(2000);

ALTER TABLE conversations ADD referral_ctwa_clid character varying(512);

ALTER TABLE conversations ADD referral_headline character varying(500);

ALTER TABLE conversations ADD referral_media_type character varying(16);

ALTER TABLE conversations ADD referral_media_url character varying(2048);

ALTER TABLE conversations ADD referral_source_id character varying(128);

ALTER TABLE conversations ADD referral_source_type character varying(32);

ALTER TABLE conversations ADD referral_source_url character varying(2048);

ALTER TABLE conversations ADD referral_thumbnail_url character varying(2048);

ALTER TABLE conversations ADD referred_at timestamp with time zone;

ALTER TABLE contacts ALTER COLUMN wa_id DROP NOT NULL;

ALTER TABLE contacts ADD marketing_opted_out boolean NOT NULL DEFAULT FALSE;

ALTER TABLE contacts ADD marketing_preference_at timestamp with time zone;

ALTER TABLE contacts ADD parent_user_id character varying(160);

ALTER TABLE contacts ADD user_id character varying(160);

ALTER TABLE contacts ADD username character varying(120);

ALTER TABLE connections ADD messaging_limit character varying(64);

ALTER TABLE connections ADD meta_app_id character varying(32);

ALTER TABLE connections ADD quality_event character varying(64);

ALTER TABLE connections ADD quality_updated_at timestamp with time zone;

CREATE TABLE connection_events (
    id uuid NOT NULL,
    connection_id uuid NOT NULL,
    field character varying(64) NOT NULL,
    event character varying(64),
    payload text NOT NULL,
    outcome character varying(16) NOT NULL,
    note character varying(500),
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    dedup_key character varying(64) NOT NULL,
    CONSTRAINT pk_connection_events PRIMARY KEY (id),
    CONSTRAINT fk_connection_events_connections_connection_id FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE RESTRICT
);

CREATE TABLE contact_identity_events (
    id uuid NOT NULL,
    contact_id uuid NOT NULL,
    change character varying(32) NOT NULL,
    old_wa_id character varying(15),
    new_wa_id character varying(15),
    old_user_id character varying(160),
    new_user_id character varying(160),
    merged_contact_id uuid,
    source character varying(300),
    occurred_at timestamp with time zone NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_contact_identity_events PRIMARY KEY (id)
);

CREATE INDEX ix_webhook_inbox_parent_id ON webhook_inbox (parent_id) WHERE parent_id IS NOT NULL;

CREATE INDEX ix_conversations_referral_source_type_referral_source_id ON conversations (referral_source_type, referral_source_id);

CREATE UNIQUE INDEX ix_contacts_user_id ON contacts (user_id) WHERE user_id IS NOT NULL;

CREATE UNIQUE INDEX ix_contacts_wa_id ON contacts (wa_id) WHERE wa_id IS NOT NULL;

ALTER TABLE contacts ADD CONSTRAINT ck_contacts_identified CHECK (wa_id IS NOT NULL OR user_id IS NOT NULL);

CREATE INDEX ix_connections_meta_app_id ON connections (meta_app_id) WHERE meta_app_id IS NOT NULL;

CREATE UNIQUE INDEX ix_connection_events_connection_id_dedup_key ON connection_events (connection_id, dedup_key);

CREATE INDEX ix_connection_events_connection_id_received_at ON connection_events (connection_id, received_at);

CREATE INDEX ix_contact_identity_events_contact_id_occurred_at ON contact_identity_events (contact_id, occurred_at);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128095438_WebhookFidelity', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE conversation_closed_counts (
    queue_key uuid NOT NULL,
    count bigint NOT NULL,
    CONSTRAINT pk_conversation_closed_counts PRIMARY KEY (queue_key)
);

CREATE TABLE conversation_search_documents (
    conversation_id uuid NOT NULL,
    contact_text character varying(1200) NOT NULL,
    message_text character varying(8000) NOT NULL,
    CONSTRAINT pk_conversation_search_documents PRIMARY KEY (conversation_id),
    CONSTRAINT fk_conversation_search_documents_conversations_conversation_id FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
);

COMMIT;

CREATE INDEX CONCURRENTLY ix_conversations_assignee_id_updated_at_id ON conversations (assignee_id, updated_at, id);

CREATE INDEX CONCURRENTLY ix_conversations_connection_id_updated_at_id ON conversations (connection_id, updated_at, id);

CREATE INDEX CONCURRENTLY ix_conversations_queue_id_updated_at_id ON conversations (queue_id, updated_at, id);

CREATE INDEX CONCURRENTLY ix_conversations_status_queue_id_assignee_id ON conversations (status, queue_id, assignee_id);

CREATE INDEX CONCURRENTLY ix_conversations_updated_at_id ON conversations (updated_at, id);

START TRANSACTION;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

COMMIT;

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_search_documents_contact_text_trgm ON conversation_search_documents USING gin (contact_text gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_search_documents_message_text_trgm ON conversation_search_documents USING gin (message_text gin_trgm_ops);

START TRANSACTION;
CREATE FUNCTION conversation_closed_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.queue_id IS NOT DISTINCT FROM NEW.queue_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'CLOSED' THEN
        UPDATE conversation_closed_counts SET count = count - 1
        WHERE queue_key = coalesce(OLD.queue_id, '00000000-0000-0000-0000-000000000000'::uuid);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'CLOSED' THEN
        INSERT INTO conversation_closed_counts (queue_key, count)
        VALUES (coalesce(NEW.queue_id, '00000000-0000-0000-0000-000000000000'::uuid), 1)
        ON CONFLICT (queue_key) DO UPDATE SET count = conversation_closed_counts.count + 1;
    END IF;
    RETURN NULL;
END
$$;
LOCK TABLE conversations IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER conversations_closed_counts AFTER INSERT OR DELETE OR UPDATE OF status, queue_id ON conversations
    FOR EACH ROW EXECUTE FUNCTION conversation_closed_counts_apply();
INSERT INTO conversation_closed_counts (queue_key, count)
SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'::uuid), count(*)
FROM conversations WHERE status = 'CLOSED'
GROUP BY 1;

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128122804_DeskAtScale', '10.0.11');

START TRANSACTION;
DROP INDEX ix_webhook_inbox_status_next_attempt_at;

CREATE INDEX ix_webhook_inbox_status_next_attempt_at_id ON webhook_inbox (status, next_attempt_at, id);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128135401_InboxClaimOrderIndex', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE queues ADD first_response_target_seconds integer NOT NULL DEFAULT 300;

CREATE TABLE dashboard_conversation_message_counts (
    conversation_id uuid NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    agent_id uuid NOT NULL,
    direction integer NOT NULL,
    type character varying(32) NOT NULL,
    queue_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    count integer NOT NULL,
    CONSTRAINT pk_dashboard_conversation_message_counts PRIMARY KEY (conversation_id, bucket_start, agent_id, direction, type)
);

CREATE TABLE dashboard_message_counts (
    bucket_start timestamp with time zone NOT NULL,
    queue_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    agent_id uuid NOT NULL,
    direction integer NOT NULL,
    type character varying(32) NOT NULL,
    count integer NOT NULL,
    CONSTRAINT pk_dashboard_message_counts PRIMARY KEY (bucket_start, queue_id, connection_id, agent_id, direction, type)
);

CREATE TABLE dashboard_removed_conversations (
    conversation_id uuid NOT NULL,
    removed_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_dashboard_removed_conversations PRIMARY KEY (conversation_id)
);

CREATE TABLE dashboard_resolutions (
    id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    queue_id uuid NOT NULL,
    agent_id uuid,
    opened_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone NOT NULL,
    seconds integer NOT NULL,
    CONSTRAINT pk_dashboard_resolutions PRIMARY KEY (id)
);

CREATE TABLE dashboard_response_episodes (
    conversation_id uuid NOT NULL,
    started_at timestamp with time zone NOT NULL,
    queue_id uuid NOT NULL,
    responded_at timestamp with time zone,
    responder_id uuid,
    seconds integer,
    CONSTRAINT pk_dashboard_response_episodes PRIMARY KEY (conversation_id, started_at)
);

CREATE TABLE dashboard_rollup_state (
    id integer NOT NULL,
    watermark timestamp with time zone NOT NULL,
    version bigint NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_dashboard_rollup_state PRIMARY KEY (id)
);

INSERT INTO dashboard_rollup_state (id, updated_at, version, watermark)
VALUES (1, TIMESTAMPTZ '1970-01-01T00:00:00+00:00', 0, TIMESTAMPTZ '1970-01-01T00:00:00+00:00');

CREATE INDEX ix_dashboard_message_counts_queue_id_bucket_start ON dashboard_message_counts (queue_id, bucket_start);

CREATE INDEX ix_dashboard_resolutions_agent_id_closed_at ON dashboard_resolutions (agent_id, closed_at);

CREATE INDEX ix_dashboard_resolutions_closed_at ON dashboard_resolutions (closed_at);

CREATE INDEX ix_dashboard_resolutions_conversation_id_closed_at ON dashboard_resolutions (conversation_id, closed_at);

CREATE INDEX ix_dashboard_resolutions_queue_id_closed_at ON dashboard_resolutions (queue_id, closed_at);

CREATE INDEX ix_dashboard_response_episodes_queue_id_started_at ON dashboard_response_episodes (queue_id, started_at);

CREATE INDEX ix_dashboard_response_episodes_responder_id_started_at ON dashboard_response_episodes (responder_id, started_at);

CREATE INDEX ix_dashboard_response_episodes_started_at ON dashboard_response_episodes (started_at);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128153759_DashboardRollups', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE message_templates (
    id uuid NOT NULL,
    connection_id uuid NOT NULL,
    meta_template_id character varying(64),
    name character varying(512) NOT NULL,
    language character varying(16) NOT NULL,
    category character varying(32) NOT NULL,
    status character varying(32) NOT NULL,
    status_reason character varying(500),
    components text NOT NULL,
    status_at timestamp with time zone NOT NULL,
    synced_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_message_templates PRIMARY KEY (id),
    CONSTRAINT fk_message_templates_connections_connection_id FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_message_templates_connection_id_name_language ON message_templates (connection_id, name, language);

CREATE INDEX ix_message_templates_meta_template_id ON message_templates (meta_template_id) WHERE meta_template_id IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128153835_MessageTemplates', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE messages ADD media_attempts integer NOT NULL DEFAULT 0;

ALTER TABLE messages ADD media_error character varying(200);

ALTER TABLE messages ADD media_object_id uuid;

ALTER TABLE messages ADD media_status character varying(16);

CREATE TABLE media_objects (
    id uuid NOT NULL,
    connection_id uuid NOT NULL,
    sha256 character varying(64) NOT NULL,
    storage_key character varying(300) NOT NULL,
    size bigint NOT NULL,
    content_type character varying(128) NOT NULL,
    key_id character varying(8),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_media_objects PRIMARY KEY (id),
    CONSTRAINT fk_media_objects_connections_connection_id FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE RESTRICT
);

CREATE INDEX ix_messages_media_object_id ON messages (media_object_id) WHERE media_object_id IS NOT NULL;

CREATE UNIQUE INDEX ix_media_objects_connection_id_sha256 ON media_objects (connection_id, sha256);

CREATE INDEX ix_media_objects_key_id_id ON media_objects (key_id, id);

CREATE UNIQUE INDEX ix_media_objects_storage_key ON media_objects (storage_key);

ALTER TABLE messages ADD CONSTRAINT fk_messages_media_objects_media_object_id FOREIGN KEY (media_object_id) REFERENCES media_objects (id) ON DELETE RESTRICT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128154154_MediaStorage', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE quick_replies (
    id uuid NOT NULL,
    shortcut character varying(32) NOT NULL,
    title character varying(80) NOT NULL,
    text character varying(4096) NOT NULL,
    queue_id uuid,
    owner_id uuid,
    created_by_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_quick_replies PRIMARY KEY (id),
    CONSTRAINT fk_quick_replies_queues_queue_id FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE CASCADE,
    CONSTRAINT fk_quick_replies_users_owner_id FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_quick_replies_owner_id_shortcut ON quick_replies (owner_id, shortcut) WHERE owner_id IS NOT NULL;

CREATE UNIQUE INDEX ix_quick_replies_queue_id_shortcut ON quick_replies (queue_id, shortcut) WHERE queue_id IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128161259_QuickReplies', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE campaigns (
    id uuid NOT NULL,
    name character varying(120) NOT NULL,
    template_name character varying(512) NOT NULL,
    template_language character varying(16) NOT NULL,
    variables text NOT NULL,
    queue_id uuid,
    status character varying(16) NOT NULL,
    status_reason character varying(500),
    start_at timestamp with time zone,
    stop_at timestamp with time zone,
    time_zone character varying(64) NOT NULL,
    allowed_from time without time zone,
    allowed_until time without time zone,
    messages_per_second integer,
    daily_cap integer,
    created_by_user_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT pk_campaigns PRIMARY KEY (id),
    CONSTRAINT fk_campaigns_queues_queue_id FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE RESTRICT,
    CONSTRAINT fk_campaigns_users_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE TABLE campaign_connections (
    campaign_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    CONSTRAINT pk_campaign_connections PRIMARY KEY (campaign_id, connection_id),
    CONSTRAINT fk_campaign_connections_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE,
    CONSTRAINT fk_campaign_connections_connections_connection_id FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE RESTRICT
);

CREATE INDEX ix_campaign_connections_connection_id ON campaign_connections (connection_id);

CREATE INDEX ix_campaigns_created_by_user_id ON campaigns (created_by_user_id);

CREATE INDEX ix_campaigns_queue_id ON campaigns (queue_id);

CREATE INDEX ix_campaigns_status_created_at ON campaigns (status, created_at);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128161924_CampaignDrafts', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE OR REPLACE FUNCTION whatssuite_ensure_month_partitions(parent text, first_month timestamptz, last_month timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    key_column text;
    month_start timestamptz := date_trunc('month', first_month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    month_end timestamptz;
    partition_name text;
    default_name text := parent || '_default';
    created integer := 0;
    lift_refusal boolean;
BEGIN
    SELECT a.attname INTO key_column
    FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = parent::regclass;
    IF key_column IS NULL THEN
        RAISE EXCEPTION '% is not a partitioned table', parent;
    END IF;
    WHILE month_start <= last_month LOOP
        month_end := ((month_start AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
        partition_name := parent || '_p' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
        IF to_regclass(partition_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name, parent);
            IF to_regclass(default_name) IS NOT NULL THEN
                -- The audit trail refuses DELETE; its rows move unchanged, so the refusal is lifted for this move only.
                lift_refusal := parent = 'audit_logs' AND EXISTS (
                    SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(default_name) AND tgname = 'audit_logs_refuse_update_delete');
                IF lift_refusal THEN
                    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER audit_logs_refuse_update_delete', default_name);
                END IF;
                EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
                    default_name, key_column, key_column, partition_name) USING month_start, month_end;
                IF lift_refusal THEN
                    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER audit_logs_refuse_update_delete', default_name);
                END IF;
            END IF;
            EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, partition_name, month_start, month_end);
            IF parent = 'audit_logs' THEN
                EXECUTE format('CREATE TRIGGER audit_logs_refuse_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change()', partition_name);
            END IF;
            created := created + 1;
        END IF;
        month_start := month_end;
    END LOOP;
    RETURN created;
END $$;
CREATE OR REPLACE FUNCTION whatssuite_partition_by_month(parent text, key_column text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    old_name text := parent || '_unpartitioned';
    key_number smallint;
    primary_name text;
    primary_columns text;
    index_definitions text[];
    foreign_keys text[];
    statement text;
    month_start timestamptz;
    r record;
BEGIN
    SELECT attnum INTO key_number FROM pg_attribute WHERE attrelid = parent::regclass AND attname = key_column;
    SELECT c.conname, string_agg(quote_ident(a.attname), ', ' ORDER BY k.ordinality)
    INTO primary_name, primary_columns
    FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(attnum, ordinality)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
    WHERE c.conrelid = parent::regclass AND c.contype = 'p' GROUP BY c.conname;
    SELECT array_agg(CASE WHEN i.indisunique AND NOT key_number = ANY (i.indkey::int2[])
                          THEN regexp_replace(pg_get_indexdef(i.indexrelid), '^(.* USING \w+ \([^)]*)\)', '\1, ' || quote_ident(key_column) || ')')
                          ELSE pg_get_indexdef(i.indexrelid) END)
    INTO index_definitions
    FROM pg_index i WHERE i.indrelid = parent::regclass AND NOT i.indisprimary;
    SELECT array_agg(format('ALTER TABLE %I ADD CONSTRAINT %I %s', parent, conname, pg_get_constraintdef(oid)))
    INTO foreign_keys
    FROM pg_constraint WHERE conrelid = parent::regclass AND contype = 'f';

    EXECUTE format('ALTER TABLE %I RENAME TO %I', parent, old_name);
    -- Index names are global to the schema: the old table's give way to the new table's.
    FOR r IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = old_name::regclass LOOP
        EXECUTE format('ALTER INDEX %I RENAME TO %I', r.relname, left(r.relname, 48) || '_unpartitioned');
    END LOOP;

    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (%I)', parent, old_name, key_column);
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', parent || '_default', parent);
    FOR month_start IN EXECUTE format('SELECT DISTINCT date_trunc(''month'', %I AT TIME ZONE ''UTC'') AT TIME ZONE ''UTC'' FROM %I', key_column, old_name) LOOP
        PERFORM whatssuite_ensure_month_partitions(parent, month_start, month_start);
    END LOOP;
    PERFORM whatssuite_ensure_month_partitions(parent, now(), now() + make_interval(months => 3));
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', parent, old_name);

    -- Keys and indexes after the copy: each partition's index is built once, in bulk.
    IF primary_name IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s)', parent, primary_name,
            CASE WHEN primary_columns ~ ('(^|, )' || quote_ident(key_column) || '(,|$)') THEN primary_columns ELSE primary_columns || ', ' || quote_ident(key_column) END);
    END IF;
    FOREACH statement IN ARRAY coalesce(index_definitions, '{}') LOOP
        EXECUTE statement;
    END LOOP;
    FOREACH statement IN ARRAY coalesce(foreign_keys, '{}') LOOP
        EXECUTE statement;
    END LOOP;
    EXECUTE format('DROP TABLE %I', old_name);
END $$;
SELECT whatssuite_partition_by_month('messages', 'sent_at');
SELECT whatssuite_partition_by_month('message_status_events', 'occurred_at');
SELECT whatssuite_partition_by_month('webhook_inbox', 'received_at');
SELECT whatssuite_partition_by_month('audit_logs', 'occurred_at');
CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_logs_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();
CREATE TRIGGER audit_logs_refuse_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();
CREATE TRIGGER audit_logs_refuse_truncate BEFORE TRUNCATE ON audit_logs_default FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();
DROP FUNCTION whatssuite_partition_by_month(text, text);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128181500_PartitionedHistory', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE campaign_recipients (
    id uuid NOT NULL,
    campaign_id uuid NOT NULL,
    phone character varying(16),
    input character varying(64) NOT NULL,
    line integer,
    contact_id uuid,
    fields text NOT NULL,
    status character varying(16) NOT NULL,
    skip_reason character varying(32),
    error_code character varying(32),
    error_title character varying(500),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_campaign_recipients PRIMARY KEY (id),
    CONSTRAINT fk_campaign_recipients_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE,
    CONSTRAINT fk_campaign_recipients_contacts_contact_id FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE SET NULL
);

CREATE UNIQUE INDEX ix_campaign_recipients_campaign_id_phone ON campaign_recipients (campaign_id, phone) WHERE phone IS NOT NULL;

CREATE INDEX ix_campaign_recipients_campaign_id_status_next_attempt_at_id ON campaign_recipients (campaign_id, status, next_attempt_at, id);

CREATE INDEX ix_campaign_recipients_contact_id ON campaign_recipients (contact_id);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128182731_CampaignRecipientLedger', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE users ADD availability character varying(16) NOT NULL DEFAULT 'Available';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128182839_UserAvailability', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE system_settings (
    id integer NOT NULL,
    auto_assign_interval_minutes integer NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_system_settings PRIMARY KEY (id),
    CONSTRAINT ck_system_settings_single_row CHECK (id = 1)
);

INSERT INTO system_settings (id, auto_assign_interval_minutes, updated_at, version)
VALUES (1, 1, TIMESTAMPTZ '2026-11-28T00:00:00+00:00', 0);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128182841_SystemSettings', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE messages ADD media_next_attempt_at timestamp with time zone;

UPDATE messages SET media_next_attempt_at = updated_at WHERE media_status = 'Pending';

CREATE INDEX ix_messages_media_pending_due ON messages (media_next_attempt_at, id) WHERE media_status = 'Pending';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128183823_MediaDownloadSweep', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE dashboard_recounted_conversations (
    conversation_id uuid NOT NULL,
    conversation_updated_at timestamp with time zone NOT NULL,
    conversation_version integer NOT NULL,
    CONSTRAINT pk_dashboard_recounted_conversations PRIMARY KEY (conversation_id)
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128184357_DashboardRecountedConversations', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE system_settings ADD inactivity_close_minutes integer NOT NULL DEFAULT 0;

ALTER TABLE system_settings ADD inactivity_warn_minutes integer NOT NULL DEFAULT 0;

ALTER TABLE queues ADD inactivity_close_minutes integer;

ALTER TABLE queues ADD inactivity_warn_minutes integer;

ALTER TABLE conversations ADD closed_reason character varying(16);

ALTER TABLE conversations ADD inactivity_warned_at timestamp with time zone;

UPDATE system_settings SET inactivity_close_minutes = 0, inactivity_warn_minutes = 0
WHERE id = 1;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128190316_InactivityRules', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE conversations ADD unread_count integer NOT NULL DEFAULT 0;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261128213401_ConversationUnreadCount', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE OR REPLACE FUNCTION whatssuite_ensure_month_partitions(parent text, first_month timestamptz, last_month timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    key_column text;
    month_start timestamptz := date_trunc('month', first_month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    month_end timestamptz;
    partition_name text;
    default_name text := parent || '_default';
    created integer := 0;
    lift_refusal boolean;
BEGIN
    SELECT a.attname INTO key_column
    FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = parent::regclass;
    IF key_column IS NULL THEN
        RAISE EXCEPTION '% is not a partitioned table', parent;
    END IF;
    WHILE month_start <= last_month LOOP
        month_end := ((month_start AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
        partition_name := parent || '_p' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
        IF to_regclass(partition_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name, parent);
            IF to_regclass(default_name) IS NOT NULL THEN
                -- The audit trail refuses DELETE; its rows move unchanged, so the refusal is lifted for this move only.
                lift_refusal := parent = 'audit_logs' AND EXISTS (
                    SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(default_name) AND tgname = 'audit_logs_refuse_update_delete');
                IF lift_refusal THEN
                    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER audit_logs_refuse_update_delete', default_name);
                END IF;
                EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
                    default_name, key_column, key_column, partition_name) USING month_start, month_end;
                IF lift_refusal THEN
                    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER audit_logs_refuse_update_delete', default_name);
                END IF;
            END IF;
            EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, partition_name, month_start, month_end);
            IF parent = 'audit_logs' THEN
                EXECUTE format('CREATE TRIGGER audit_logs_refuse_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change()', partition_name);
            END IF;
            created := created + 1;
        END IF;
        month_start := month_end;
    END LOOP;
    RETURN created;
END $$;

CREATE TABLE history_archives (
    id uuid NOT NULL,
    table_name character varying(64) NOT NULL,
    period_start timestamp with time zone NOT NULL,
    period_end timestamp with time zone NOT NULL,
    rows bigint NOT NULL,
    file_name character varying(256) NOT NULL,
    sha256 character varying(64) NOT NULL,
    bytes bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    first_sequence bigint,
    last_sequence bigint,
    last_hash character varying(64),
    restored_at timestamp with time zone,
    CONSTRAINT pk_history_archives PRIMARY KEY (id)
);

CREATE TABLE archived_conversations (
    archive_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    messages integer NOT NULL,
    first_sent_at timestamp with time zone NOT NULL,
    last_sent_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_archived_conversations PRIMARY KEY (archive_id, conversation_id),
    CONSTRAINT fk_archived_conversations_history_archives_archive_id FOREIGN KEY (archive_id) REFERENCES history_archives (id) ON DELETE CASCADE
);

CREATE INDEX ix_archived_conversations_conversation_id ON archived_conversations (conversation_id);

CREATE UNIQUE INDEX ix_history_archives_file_name ON history_archives (file_name);

CREATE INDEX ix_history_archives_table_name_period_start ON history_archives (table_name, period_start);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129000058_HistoryArchives', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE queues ADD business_hours text;

ALTER TABLE conversations ADD out_of_hours_replied_at timestamp with time zone;

CREATE TABLE queue_business_hours_changes (
    id uuid NOT NULL,
    queue_id uuid NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    actor_id character varying(128) NOT NULL,
    old_hours text,
    new_hours text,
    CONSTRAINT pk_queue_business_hours_changes PRIMARY KEY (id),
    CONSTRAINT fk_queue_business_hours_changes_queues_queue_id FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE CASCADE
);

CREATE INDEX ix_queue_business_hours_changes_queue_id_changed_at ON queue_business_hours_changes (queue_id, changed_at);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129000950_QueueBusinessHours', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE campaigns ADD last_dispatched_at timestamp with time zone;

ALTER TABLE campaign_recipients ADD connection_id uuid;

ALTER TABLE campaign_recipients ADD dispatched_at timestamp with time zone;

ALTER TABLE campaign_recipients ADD message_id uuid;

CREATE INDEX ix_campaign_recipients_campaign_id_connection_id_dispatched_at ON campaign_recipients (campaign_id, connection_id, dispatched_at) WHERE dispatched_at IS NOT NULL;

CREATE INDEX ix_campaign_recipients_message_id ON campaign_recipients (message_id) WHERE message_id IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129001200_CampaignDispatch', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE conversations ADD campaign_id uuid;

ALTER TABLE conversations ADD campaign_name character varying(120);

ALTER TABLE campaign_recipients ADD replied_at timestamp with time zone;

ALTER TABLE campaign_recipients ADD sent_at timestamp with time zone;

COMMIT;

CREATE INDEX CONCURRENTLY ix_conversations_campaign_id ON conversations (campaign_id);

START TRANSACTION;
CREATE INDEX ix_campaign_recipients_campaign_id_sent_at ON campaign_recipients (campaign_id, sent_at) WHERE sent_at IS NOT NULL;

CREATE INDEX ix_campaign_recipients_phone_sent_at ON campaign_recipients (phone, sent_at) WHERE sent_at IS NOT NULL;

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129003613_CampaignReplies', '10.0.11');

START TRANSACTION;
CREATE TABLE conversation_exports (
    id uuid NOT NULL,
    requested_by uuid NOT NULL,
    format character varying(8) NOT NULL,
    phone character varying(32),
    queue_id uuid,
    conversation_status character varying(16),
    "from" date,
    "to" date,
    time_zone character varying(64),
    origin character varying(512) NOT NULL,
    status character varying(16) NOT NULL,
    matched_conversations integer NOT NULL,
    conversations integer,
    messages integer,
    file_name character varying(256),
    bytes bigint,
    sha256 character varying(64),
    failure_reason character varying(64),
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    expires_at timestamp with time zone,
    CONSTRAINT pk_conversation_exports PRIMARY KEY (id),
    CONSTRAINT fk_conversation_exports_users_requested_by FOREIGN KEY (requested_by) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_conversation_exports_requested_by_created_at ON conversation_exports (requested_by, created_at);

CREATE INDEX ix_conversation_exports_status_expires_at ON conversation_exports (status, expires_at);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129052838_ConversationExportFiles', '10.0.11');

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_conversation_search_documents_message_text_trgm;

START TRANSACTION;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION whatssuite_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION whatssuite_search ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple;
CREATE FUNCTION conversation_search_words(message_text text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT strip(to_tsvector('whatssuite_search'::regconfig, regexp_replace(message_text,
        '[\x01-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F\u00A0-\u00A9\u00AB-\u00B4\u00B6-\u00B9\u00BB-\u00BF\u00D7\u00F7\u2000-\u2BFF\u3000-\u303F\uFE00-\uFE0F\uFE10-\uFE6F\U0001F000-\U0001FAFF]',
        ' ', 'g'))) $$;
ALTER TABLE conversation_search_documents ADD COLUMN message_words tsvector NOT NULL DEFAULT ''::tsvector;
CREATE FUNCTION conversation_search_documents_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.message_words := conversation_search_words(NEW.message_text);
    RETURN NEW;
END
$$;
CREATE TRIGGER conversation_search_documents_words BEFORE INSERT OR UPDATE OF message_text ON conversation_search_documents
    FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();
UPDATE conversation_search_documents SET message_words = conversation_search_words(message_text) WHERE message_text <> '';

COMMIT;

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_search_documents_message_words ON conversation_search_documents USING gin (message_words);

START TRANSACTION;
ANALYZE conversation_search_documents;

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129081841_SearchMessageWords', '10.0.11');

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_list_order ON contacts (lower(COALESCE(display_name, profile_name, username, wa_id, user_id)), id);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130071034_ContactListOrder', '10.0.11');

START TRANSACTION;
CREATE TABLE dashboard_daily_message_counts (
    bucket_start timestamp with time zone NOT NULL,
    queue_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    agent_id uuid NOT NULL,
    direction integer NOT NULL,
    type character varying(32) NOT NULL,
    count integer NOT NULL,
    CONSTRAINT pk_dashboard_daily_message_counts PRIMARY KEY (bucket_start, queue_id, connection_id, agent_id, direction, type)
);

CREATE INDEX ix_dashboard_daily_message_counts_queue_id_bucket_start ON dashboard_daily_message_counts (queue_id, bucket_start);

UPDATE dashboard_rollup_state SET version = version + 1;

INSERT INTO dashboard_daily_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type, count)
SELECT date_trunc('day', bucket_start, 'UTC'), queue_id, connection_id, agent_id, direction, type, sum(count)
FROM dashboard_message_counts
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130083532_DailyMessageCounts', '10.0.11');

COMMIT;

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_response_episodes_period ON dashboard_response_episodes (started_at) INCLUDE (queue_id, responder_id, seconds);

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_started_at;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130092820_ResponseEpisodesPeriodIndex', '10.0.11');

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_message_counts_key_with_count;

CREATE UNIQUE INDEX CONCURRENTLY ix_dashboard_message_counts_key_with_count ON dashboard_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type) INCLUDE (count);

START TRANSACTION;
ALTER TABLE dashboard_message_counts
    DROP CONSTRAINT pk_dashboard_message_counts,
    ADD CONSTRAINT pk_dashboard_message_counts PRIMARY KEY USING INDEX ix_dashboard_message_counts_key_with_count;

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130112235_MessageCountsKeyWithCount', '10.0.11');

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_resolutions_period ON dashboard_resolutions (closed_at) INCLUDE (queue_id, agent_id, seconds);

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_resolutions_closed_at;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130135001_ResolutionsPeriodIndex', '10.0.11');

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_response_episodes_queue_period ON dashboard_response_episodes (queue_id, started_at) INCLUDE (seconds);

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_queue_id_started_at;

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_response_episodes_responder_period ON dashboard_response_episodes (responder_id, started_at) INCLUDE (queue_id, seconds);

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_responder_id_started_at;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130151043_EpisodesPerKeyIndexes', '10.0.11');

START TRANSACTION;
CREATE TABLE presence_intervals (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    availability character varying(16) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_presence_intervals PRIMARY KEY (id)
);

CREATE INDEX ix_presence_intervals_period ON presence_intervals (ended_at) INCLUDE (started_at, user_id, availability);

CREATE UNIQUE INDEX ix_presence_intervals_user_id_started_at_availability ON presence_intervals (user_id, started_at, availability);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130155826_PresenceIntervals', '10.0.11');

COMMIT;

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_campaign_recipients_campaign_id ON campaign_recipients (campaign_id) WHERE replied_at IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130162706_CampaignRepliesIndex', '10.0.11');

START TRANSACTION;
CREATE TABLE presence_recording_state (
    id integer NOT NULL,
    last_run_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_presence_recording_state PRIMARY KEY (id)
);

INSERT INTO presence_recording_state (id, last_run_at, version)
VALUES (1, NULL, 0);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130170112_PresenceRecordingState', '10.0.11');

COMMIT;

START TRANSACTION;
CREATE TABLE contact_counts (
    opted_out boolean NOT NULL,
    marketing_opted_out boolean NOT NULL,
    count bigint NOT NULL,
    CONSTRAINT pk_contact_counts PRIMARY KEY (opted_out, marketing_opted_out)
);

CREATE FUNCTION contact_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.opted_out = NEW.opted_out AND OLD.marketing_opted_out = NEW.marketing_opted_out THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM contact_counts ORDER BY opted_out, marketing_opted_out FOR UPDATE;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO contact_counts (opted_out, marketing_opted_out, count) VALUES (OLD.opted_out, OLD.marketing_opted_out, -1)
        ON CONFLICT (opted_out, marketing_opted_out) DO UPDATE SET count = contact_counts.count - 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO contact_counts (opted_out, marketing_opted_out, count) VALUES (NEW.opted_out, NEW.marketing_opted_out, 1)
        ON CONFLICT (opted_out, marketing_opted_out) DO UPDATE SET count = contact_counts.count + 1;
    END IF;
    RETURN NULL;
END
$$;
LOCK TABLE contacts IN SHARE ROW EXCLUSIVE MODE;
CREATE CONSTRAINT TRIGGER contacts_counts AFTER INSERT OR DELETE OR UPDATE OF opted_out, marketing_opted_out ON contacts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION contact_counts_apply();
INSERT INTO contact_counts (opted_out, marketing_opted_out, count)
SELECT f.opted_out, f.marketing_opted_out, count(c.id)
FROM (VALUES (false, false), (false, true), (true, false), (true, true)) AS f (opted_out, marketing_opted_out)
LEFT JOIN contacts AS c ON c.opted_out = f.opted_out AND c.marketing_opted_out = f.marketing_opted_out
GROUP BY f.opted_out, f.marketing_opted_out;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130180044_ContactCounts', '10.0.11');

COMMIT;

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_display_name_trgm ON contacts USING gin (lower(display_name) gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_profile_name_trgm ON contacts USING gin (lower(profile_name) gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_username_trgm ON contacts USING gin (lower(username) gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_user_id_trgm ON contacts USING gin (lower(user_id) gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_wa_id_trgm ON contacts USING gin (wa_id gin_trgm_ops);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130181044_ContactSearchIndexes', '10.0.11');

START TRANSACTION;
CREATE TABLE conversation_queue_contacts (
    queue_key uuid NOT NULL,
    contact_id uuid NOT NULL,
    conversations integer NOT NULL,
    CONSTRAINT pk_conversation_queue_contacts PRIMARY KEY (queue_key, contact_id)
);

CREATE FUNCTION conversation_queue_contacts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.queue_id IS NOT DISTINCT FROM NEW.queue_id AND OLD.contact_id = NEW.contact_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE conversation_queue_contacts SET conversations = conversations - 1
        WHERE queue_key = coalesce(OLD.queue_id, '00000000-0000-0000-0000-000000000000'::uuid) AND contact_id = OLD.contact_id;
        DELETE FROM conversation_queue_contacts
        WHERE queue_key = coalesce(OLD.queue_id, '00000000-0000-0000-0000-000000000000'::uuid) AND contact_id = OLD.contact_id AND conversations <= 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations)
        VALUES (coalesce(NEW.queue_id, '00000000-0000-0000-0000-000000000000'::uuid), NEW.contact_id, 1)
        ON CONFLICT (queue_key, contact_id) DO UPDATE SET conversations = conversation_queue_contacts.conversations + 1;
    END IF;
    RETURN NULL;
END
$$;
LOCK TABLE conversations IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER conversations_queue_contacts AFTER INSERT OR DELETE OR UPDATE OF queue_id, contact_id ON conversations
    FOR EACH ROW EXECUTE FUNCTION conversation_queue_contacts_apply();
INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations)
SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'::uuid), contact_id, count(*)
FROM conversations
GROUP BY 1, 2;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130184249_ConversationQueueContacts', '10.0.11');

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_conversation_queue_contacts_contact_id_queue_key;

CREATE INDEX CONCURRENTLY ix_conversation_queue_contacts_contact_id_queue_key ON conversation_queue_contacts (contact_id, queue_key);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130212605_ConversationQueueContactsByContact', '10.0.11');

START TRANSACTION;
ALTER TABLE contacts ADD search_text text;

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_search_text_trgm;

CREATE INDEX CONCURRENTLY ix_contacts_search_text_trgm ON contacts USING gin (search_text gin_trgm_ops);

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_search_text_pending;

CREATE INDEX CONCURRENTLY ix_contacts_search_text_pending ON contacts (id) WHERE search_text IS NULL;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_display_name_trgm;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_profile_name_trgm;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_username_trgm;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_user_id_trgm;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130233605_ContactSearchText', '10.0.11');

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_wa_id_search_trgm ON contacts USING gin (lower(wa_id) gin_trgm_ops);

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_wa_id_trgm;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201043654_ContactNumberIndexForSearchOnly', '10.0.11');

START TRANSACTION;
DROP INDEX ix_messages_next_attempt_at;

CREATE INDEX ix_messages_next_attempt_at_id ON messages (next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201055150_OutboxClaimOrderIndex', '10.0.11');

COMMIT;

START TRANSACTION;
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202051721_MessageStatusConcurrencyToken', '10.0.11');

COMMIT;

START TRANSACTION;
DROP TRIGGER conversation_search_documents_words ON conversation_search_documents;

ALTER TABLE conversation_search_documents ALTER COLUMN message_text TYPE character varying(16000);

CREATE OR REPLACE FUNCTION conversation_search_documents_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND length(NEW.message_text) > length(OLD.message_text)
        AND left(NEW.message_text, length(OLD.message_text)) = OLD.message_text THEN
        NEW.message_words := OLD.message_words || conversation_search_words(substr(NEW.message_text, length(OLD.message_text) + 1));
    ELSE
        NEW.message_words := conversation_search_words(NEW.message_text);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER conversation_search_documents_words BEFORE INSERT OR UPDATE OF message_text ON conversation_search_documents
    FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202053725_SearchWordsAppended', '10.0.11');

COMMIT;

START TRANSACTION;
DROP TRIGGER conversation_search_documents_words ON conversation_search_documents;
CREATE TRIGGER conversation_search_documents_words BEFORE INSERT ON conversation_search_documents
    FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();
CREATE TRIGGER conversation_search_documents_words_unless_given BEFORE UPDATE OF message_text ON conversation_search_documents
    FOR EACH ROW WHEN (NEW.message_words IS NOT DISTINCT FROM OLD.message_words)
    EXECUTE FUNCTION conversation_search_documents_words();

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203163838_SearchWordsGivenByAppend', '10.0.11');

COMMIT;

START TRANSACTION;
ALTER TABLE dashboard_recounted_conversations ADD connection_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';

ALTER TABLE dashboard_recounted_conversations ADD open_bucket timestamp with time zone;

ALTER TABLE dashboard_recounted_conversations ADD queue_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';

ALTER TABLE conversations ADD recount_from timestamp with time zone;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203190819_DashboardRecountFromABucket', '10.0.11');

COMMIT;
