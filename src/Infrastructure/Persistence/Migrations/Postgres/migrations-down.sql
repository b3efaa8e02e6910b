START TRANSACTION;
ALTER TABLE dashboard_recounted_conversations DROP COLUMN connection_id;

ALTER TABLE dashboard_recounted_conversations DROP COLUMN open_bucket;

ALTER TABLE dashboard_recounted_conversations DROP COLUMN queue_id;

ALTER TABLE conversations DROP COLUMN recount_from;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261203190819_DashboardRecountFromABucket';

COMMIT;

START TRANSACTION;
DROP TRIGGER conversation_search_documents_words_unless_given ON conversation_search_documents;
DROP TRIGGER conversation_search_documents_words ON conversation_search_documents;
CREATE TRIGGER conversation_search_documents_words BEFORE INSERT OR UPDATE OF message_text ON conversation_search_documents
    FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261203163838_SearchWordsGivenByAppend';

COMMIT;

START TRANSACTION;
DROP TRIGGER conversation_search_documents_words ON conversation_search_documents;
UPDATE conversation_search_documents SET message_text = substr(right(message_text, 8000), strpos(right(message_text, 8000), ' ') + 1)
    WHERE length(message_text) > 8000;

ALTER TABLE conversation_search_documents ALTER COLUMN message_text TYPE character varying(8000);

CREATE OR REPLACE FUNCTION conversation_search_documents_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.message_words := conversation_search_words(NEW.message_text);
    RETURN NEW;
END
$$;
CREATE TRIGGER conversation_search_documents_words BEFORE INSERT OR UPDATE OF message_text ON conversation_search_documents
    FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261202053725_SearchWordsAppended';

COMMIT;

START TRANSACTION;
DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261202051721_MessageStatusConcurrencyToken';

COMMIT;

START TRANSACTION;
DROP INDEX ix_messages_next_attempt_at_id;

CREATE INDEX ix_messages_next_attempt_at ON messages (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261201055150_OutboxClaimOrderIndex';

COMMIT;

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_wa_id_trgm ON contacts USING gin (wa_id gin_trgm_ops);

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_wa_id_search_trgm;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261201043654_ContactNumberIndexForSearchOnly';

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_display_name_trgm ON contacts USING gin (lower(display_name) gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_profile_name_trgm ON contacts USING gin (lower(profile_name) gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_username_trgm ON contacts USING gin (lower(username) gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_user_id_trgm ON contacts USING gin (lower(user_id) gin_trgm_ops);

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_search_text_pending;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_search_text_trgm;

START TRANSACTION;
ALTER TABLE contacts DROP COLUMN search_text;

COMMIT;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130233605_ContactSearchText';

DROP INDEX CONCURRENTLY IF EXISTS ix_conversation_queue_contacts_contact_id_queue_key;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130212605_ConversationQueueContactsByContact';

START TRANSACTION;
DROP TRIGGER IF EXISTS conversations_queue_contacts ON conversations;

DROP FUNCTION IF EXISTS conversation_queue_contacts_apply();

DROP TABLE conversation_queue_contacts;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130184249_ConversationQueueContacts';

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_display_name_trgm;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_profile_name_trgm;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_username_trgm;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_user_id_trgm;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_wa_id_trgm;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130181044_ContactSearchIndexes';

START TRANSACTION;
DROP TRIGGER IF EXISTS contacts_counts ON contacts;

DROP FUNCTION IF EXISTS contact_counts_apply();

DROP TABLE contact_counts;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130180044_ContactCounts';

COMMIT;

START TRANSACTION;
DROP TABLE presence_recording_state;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130170112_PresenceRecordingState';

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_campaign_recipients_campaign_id;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130162706_CampaignRepliesIndex';

START TRANSACTION;
DROP TABLE presence_intervals;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130155826_PresenceIntervals';

COMMIT;

START TRANSACTION;
CREATE INDEX ix_dashboard_response_episodes_queue_id_started_at ON dashboard_response_episodes (queue_id, started_at);

CREATE INDEX ix_dashboard_response_episodes_responder_id_started_at ON dashboard_response_episodes (responder_id, started_at);

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_queue_period;

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_responder_period;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130151043_EpisodesPerKeyIndexes';

START TRANSACTION;
CREATE INDEX ix_dashboard_resolutions_closed_at ON dashboard_resolutions (closed_at);

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_resolutions_period;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130135001_ResolutionsPeriodIndex';

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_message_counts_key;

CREATE UNIQUE INDEX CONCURRENTLY ix_dashboard_message_counts_key ON dashboard_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type);

START TRANSACTION;
ALTER TABLE dashboard_message_counts
    DROP CONSTRAINT pk_dashboard_message_counts,
    ADD CONSTRAINT pk_dashboard_message_counts PRIMARY KEY USING INDEX ix_dashboard_message_counts_key;

COMMIT;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130112235_MessageCountsKeyWithCount';

START TRANSACTION;
CREATE INDEX ix_dashboard_response_episodes_started_at ON dashboard_response_episodes (started_at);

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_period;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130092820_ResponseEpisodesPeriodIndex';

START TRANSACTION;
DROP TABLE dashboard_daily_message_counts;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130083532_DailyMessageCounts';

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_list_order;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261130071034_ContactListOrder';

START TRANSACTION;
DROP INDEX IF EXISTS ix_conversation_search_documents_message_words;
DROP TRIGGER IF EXISTS conversation_search_documents_words ON conversation_search_documents;
DROP FUNCTION IF EXISTS conversation_search_documents_words();
ALTER TABLE conversation_search_documents DROP COLUMN IF EXISTS message_words;
DROP FUNCTION IF EXISTS conversation_search_words(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS whatssuite_search;

COMMIT;

CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_search_documents_message_text_trgm ON conversation_search_documents USING gin (message_text gin_trgm_ops);

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261129081841_SearchMessageWords';

START TRANSACTION;
DROP TABLE conversation_exports;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261129052838_ConversationExportFiles';

COMMIT;

START TRANSACTION;
DROP INDEX ix_conversations_campaign_id;

DROP INDEX ix_campaign_recipients_campaign_id_sent_at;

DROP INDEX ix_campaign_recipients_phone_sent_at;

ALTER TABLE conversations DROP COLUMN campaign_id;

ALTER TABLE conversations DROP COLUMN campaign_name;

ALTER TABLE campaign_recipients DROP COLUMN replied_at;

ALTER TABLE campaign_recipients DROP COLUMN sent_at;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261129003613_CampaignReplies';

COMMIT;

START TRANSACTION;
DROP INDEX ix_campaign_recipients_campaign_id_connection_id_dispatched_at;

DROP INDEX ix_campaign_recipients_message_id;

ALTER TABLE campaigns DROP COLUMN last_dispatched_at;

ALTER TABLE campaign_recipients DROP COLUMN connection_id;

ALTER TABLE campaign_recipients DROP COLUMN dispatched_at;

ALTER TABLE campaign_recipients DROP COLUMN message_id;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261129001200_CampaignDispatch';

COMMIT;

START TRANSACTION;
DROP TABLE queue_business_hours_changes;

ALTER TABLE queues DROP COLUMN business_hours;

ALTER TABLE conversations DROP COLUMN out_of_hours_replied_at;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261129000950_QueueBusinessHours';

COMMIT;

START TRANSACTION;
DROP TABLE archived_conversations;

DROP TABLE history_archives;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261129000058_HistoryArchives';

COMMIT;

START TRANSACTION;
ALTER TABLE conversations DROP COLUMN unread_count;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128213401_ConversationUnreadCount';

COMMIT;

START TRANSACTION;
ALTER TABLE system_settings DROP COLUMN inactivity_close_minutes;

ALTER TABLE system_settings DROP COLUMN inactivity_warn_minutes;

ALTER TABLE queues DROP COLUMN inactivity_close_minutes;

ALTER TABLE queues DROP COLUMN inactivity_warn_minutes;

ALTER TABLE conversations DROP COLUMN closed_reason;

ALTER TABLE conversations DROP COLUMN inactivity_warned_at;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128190316_InactivityRules';

COMMIT;

START TRANSACTION;
DROP TABLE dashboard_recounted_conversations;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128184357_DashboardRecountedConversations';

COMMIT;

START TRANSACTION;
DROP INDEX ix_messages_media_pending_due;

ALTER TABLE messages DROP COLUMN media_next_attempt_at;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128183823_MediaDownloadSweep';

COMMIT;

START TRANSACTION;
DROP TABLE system_settings;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128182841_SystemSettings';

COMMIT;

START TRANSACTION;
ALTER TABLE users DROP COLUMN availability;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128182839_UserAvailability';

COMMIT;

START TRANSACTION;
DROP TABLE campaign_recipients;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128182731_CampaignRecipientLedger';

COMMIT;

START TRANSACTION;
CREATE OR REPLACE FUNCTION whatssuite_unpartition(parent text, key_column text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    old_name text := parent || '_partitioned';
    primary_name text;
    index_definitions text[];
    foreign_keys text[];
    statement text;
BEGIN
    SELECT conname INTO primary_name FROM pg_constraint WHERE conrelid = parent::regclass AND contype = 'p';
    SELECT array_agg(replace(CASE WHEN i.indisunique
                                  THEN regexp_replace(pg_get_indexdef(i.indexrelid), ', ' || quote_ident(key_column) || '\)', ')')
                                  ELSE pg_get_indexdef(i.indexrelid) END, ' ON ONLY ', ' ON '))
    INTO index_definitions
    FROM pg_index i WHERE i.indrelid = parent::regclass AND NOT i.indisprimary;
    SELECT array_agg(format('ALTER TABLE %I ADD CONSTRAINT %I %s', parent, conname, pg_get_constraintdef(oid)))
    INTO foreign_keys
    FROM pg_constraint WHERE conrelid = parent::regclass AND contype = 'f';

    EXECUTE format('ALTER TABLE %I RENAME TO %I', parent, old_name);
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', parent, old_name);
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', parent, old_name);
    EXECUTE format('DROP TABLE %I CASCADE', old_name);
    IF primary_name IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (id)', parent, primary_name);
    END IF;
    FOREACH statement IN ARRAY coalesce(index_definitions, '{}') LOOP
        EXECUTE statement;
    END LOOP;
    FOREACH statement IN ARRAY coalesce(foreign_keys, '{}') LOOP
        EXECUTE statement;
    END LOOP;
END $$;
SELECT whatssuite_unpartition('messages', 'sent_at');
SELECT whatssuite_unpartition('message_status_events', 'occurred_at');
SELECT whatssuite_unpartition('webhook_inbox', 'received_at');
SELECT whatssuite_unpartition('audit_logs', 'occurred_at');
CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_logs_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();
CREATE TRIGGER audit_logs_refuse_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();
DROP FUNCTION whatssuite_unpartition(text, text);
DROP FUNCTION whatssuite_ensure_month_partitions(text, timestamptz, timestamptz);

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128181500_PartitionedHistory';

COMMIT;

START TRANSACTION;
DROP TABLE campaign_connections;

DROP TABLE campaigns;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128161924_CampaignDrafts';

COMMIT;

START TRANSACTION;
DROP TABLE quick_replies;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128161259_QuickReplies';

COMMIT;

START TRANSACTION;
ALTER TABLE messages DROP CONSTRAINT fk_messages_media_objects_media_object_id;

DROP TABLE media_objects;

DROP INDEX ix_messages_media_object_id;

ALTER TABLE messages DROP COLUMN media_attempts;

ALTER TABLE messages DROP COLUMN media_error;

ALTER TABLE messages DROP COLUMN media_object_id;

ALTER TABLE messages DROP COLUMN media_status;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128154154_MediaStorage';

COMMIT;

START TRANSACTION;
DROP TABLE message_templates;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128153835_MessageTemplates';

COMMIT;

START TRANSACTION;
DROP TABLE dashboard_conversation_message_counts;

DROP TABLE dashboard_message_counts;

DROP TABLE dashboard_removed_conversations;

DROP TABLE dashboard_resolutions;

DROP TABLE dashboard_response_episodes;

DROP TABLE dashboard_rollup_state;

ALTER TABLE queues DROP COLUMN first_response_target_seconds;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128153759_DashboardRollups';

COMMIT;

START TRANSACTION;
DROP INDEX ix_webhook_inbox_status_next_attempt_at_id;

CREATE INDEX ix_webhook_inbox_status_next_attempt_at ON webhook_inbox (status, next_attempt_at);

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128135401_InboxClaimOrderIndex';

COMMIT;

START TRANSACTION;
DROP TRIGGER IF EXISTS conversations_closed_counts ON conversations;

DROP FUNCTION IF EXISTS conversation_closed_counts_apply();

DROP TABLE conversation_closed_counts;

DROP TABLE conversation_search_documents;

DROP INDEX ix_conversations_assignee_id_updated_at_id;

DROP INDEX ix_conversations_connection_id_updated_at_id;

DROP INDEX ix_conversations_queue_id_updated_at_id;

DROP INDEX ix_conversations_status_queue_id_assignee_id;

DROP INDEX ix_conversations_updated_at_id;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128122804_DeskAtScale';

COMMIT;

START TRANSACTION;
DROP TABLE connection_events;

DROP TABLE contact_identity_events;

DROP INDEX ix_webhook_inbox_parent_id;

DROP INDEX ix_conversations_referral_source_type_referral_source_id;

DROP INDEX ix_contacts_user_id;

DROP INDEX ix_contacts_wa_id;

ALTER TABLE contacts DROP CONSTRAINT ck_contacts_identified;

DROP INDEX ix_connections_meta_app_id;

ALTER TABLE webhook_inbox DROP COLUMN app_id;

ALTER TABLE webhook_inbox DROP COLUMN item_count;

ALTER TABLE webhook_inbox DROP COLUMN parent_id;

ALTER TABLE webhook_inbox DROP COLUMN progress;

ALTER TABLE webhook_inbox DROP COLUMN split_items;

ALTER TABLE messages DROP COLUMN referral_body;

ALTER TABLE messages DROP COLUMN referral_ctwa_clid;

ALTER TABLE messages DROP COLUMN referral_headline;

ALTER TABLE messages DROP COLUMN referral_media_type;

ALTER TABLE messages DROP COLUMN referral_media_url;

ALTER TABLE messages DROP COLUMN referral_source_id;

ALTER TABLE messages DROP COLUMN referral_source_type;

ALTER TABLE messages DROP COLUMN referral_source_url;

ALTER TABLE messages DROP COLUMN referral_thumbnail_url;

ALTER TABLE conversations DROP COLUMN referral_body;

ALTER TABLE conversations DROP COLUMN referral_ctwa_clid;

ALTER TABLE conversations DROP COLUMN referral_headline;

ALTER TABLE conversations DROP COLUMN referral_media_type;

ALTER TABLE conversations DROP COLUMN referral_media_url;

ALTER TABLE conversations DROP COLUMN referral_source_id;

ALTER TABLE conversations DROP COLUMN referral_source_type;

ALTER TABLE conversations DROP COLUMN referral_source_url;

ALTER TABLE conversations DROP COLUMN referral_thumbnail_url;

ALTER TABLE conversations DROP COLUMN referred_at;

ALTER TABLE contacts DROP COLUMN marketing_opted_out;

ALTER TABLE contacts DROP COLUMN marketing_preference_at;

ALTER TABLE contacts DROP COLUMN parent_user_id;

ALTER TABLE contacts DROP COLUMN user_id;

ALTER TABLE contacts DROP COLUMN username;

ALTER TABLE connections DROP COLUMN messaging_limit;

ALTER TABLE connections DROP COLUMN meta_app_id;

ALTER TABLE connections DROP COLUMN quality_event;

ALTER TABLE connections DROP COLUMN quality_updated_at;

UPDATE webhook_inbox SET connection_id = '00000000-0000-0000-0000-000000000000' WHERE connection_id IS NULL;
ALTER TABLE webhook_inbox ALTER COLUMN connection_id SET NOT NULL;
ALTER TABLE webhook_inbox ALTER COLUMN connection_id SET DEFAULT '00000000-0000-0000-0000-000000000000';

UPDATE contacts SET wa_id = '' WHERE wa_id IS NULL;
ALTER TABLE contacts ALTER COLUMN wa_id SET NOT NULL;
ALTER TABLE contacts ALTER COLUMN wa_id SET DEFAULT '';

CREATE UNIQUE INDEX ix_contacts_wa_id ON contacts (wa_id);

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128095438_WebhookFidelity';

COMMIT;

START TRANSACTION;
ALTER TABLE user_sessions DROP COLUMN token_hash;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128093917_SessionTokenBinding';

COMMIT;

START TRANSACTION;
DROP TABLE sign_in_failures;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261128093826_SignInFailureCounts';

COMMIT;

START TRANSACTION;
ALTER TABLE queues DROP COLUMN last_auto_assigned_user_id;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261123115559_QueueAutoAssignRotation';

COMMIT;

START TRANSACTION;
DROP TABLE connection_queues;

DROP TABLE message_status_events;

DROP TABLE messages;

DROP TABLE webhook_inbox;

DROP TABLE conversations;

DROP TABLE connections;

DROP TABLE contacts;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261123113733_Conversations';

COMMIT;

START TRANSACTION;
DROP TRIGGER IF EXISTS audit_logs_refuse_truncate ON audit_logs;
DROP TRIGGER IF EXISTS audit_logs_refuse_update_delete ON audit_logs;
DROP FUNCTION IF EXISTS audit_logs_refuse_change();

DROP INDEX ix_audit_logs_sequence;

ALTER TABLE audit_logs DROP COLUMN hash;

ALTER TABLE audit_logs DROP COLUMN previous_hash;

ALTER TABLE audit_logs DROP COLUMN sequence;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261123105055_AuditHashChain';

COMMIT;

START TRANSACTION;
ALTER TABLE users DROP COLUMN mfa_challenge_expires_at;

ALTER TABLE users DROP COLUMN mfa_challenge_hash;

ALTER TABLE users DROP COLUMN mfa_enabled;

ALTER TABLE users DROP COLUMN mfa_last_used_step;

ALTER TABLE users DROP COLUMN mfa_recovery_code_hashes;

ALTER TABLE users DROP COLUMN mfa_secret;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261123103658_MfaTotp';

COMMIT;

START TRANSACTION;
DROP TABLE queue_members;

DROP TABLE queues;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261123102125_Queues';

COMMIT;

START TRANSACTION;
DROP TABLE api_keys;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261123100707_ApiKeys';

COMMIT;

START TRANSACTION;
DROP TABLE refresh_tokens;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261123095656_RefreshTokens';

COMMIT;

START TRANSACTION;
DROP TABLE audit_logs;

DROP TABLE auth_events;

DROP TABLE user_sessions;

DROP TABLE users;

DELETE FROM "__EFMigrationsHistory"
WHERE "MigrationId" = '20261123092629_InitialIdentity';

COMMIT;
