namespace WhatsSuite.Infrastructure.Persistence;

/// <summary>
/// Raw SQL of the append-only audit trail, kept outside the generated migrations so that a migration can be
/// re-created and call it again. <c>audit_logs</c> refuses UPDATE and DELETE (and TRUNCATE in PostgreSQL)
/// at the database, whatever the application does.
/// </summary>
public static class AuditLogTriggers
{
    /// <summary>Transaction-scoped advisory lock taken before appending to the chain (key: "audit_logs" chain).</summary>
    public const string PostgresChainLock = "SELECT pg_advisory_xact_lock(7311170231001)";

    /// <summary>Numbers rows written before the chain existed in insertion order (time, then id); valid SQL for both providers.</summary>
    public const string BackfillSequence =
        "UPDATE audit_logs SET sequence = (SELECT count(*) FROM audit_logs AS b WHERE b.occurred_at < audit_logs.occurred_at OR (b.occurred_at = audit_logs.occurred_at AND b.id <= audit_logs.id));";

    public const string PostgresCreate = """
        CREATE OR REPLACE FUNCTION audit_logs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE TRIGGER audit_logs_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_logs
            FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();
        CREATE TRIGGER audit_logs_refuse_truncate BEFORE TRUNCATE ON audit_logs
            FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();
        """;

    public const string PostgresDrop = """
        DROP TRIGGER IF EXISTS audit_logs_refuse_truncate ON audit_logs;
        DROP TRIGGER IF EXISTS audit_logs_refuse_update_delete ON audit_logs;
        DROP FUNCTION IF EXISTS audit_logs_refuse_change();
        """;

    public const string SqliteCreate = """
        CREATE TRIGGER audit_logs_refuse_update BEFORE UPDATE ON audit_logs
        BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only: UPDATE refused'); END;
        """ + "\n" + SqliteRefuseDelete;

    /// <summary>
    /// SQLite's refusal of DELETE. The embedded archiver (ADR 0044) drops it and creates it again inside the write
    /// transaction of each batch it moves out of the trail, the only DELETE ever allowed.
    /// </summary>
    public const string SqliteRefuseDelete = """
        CREATE TRIGGER audit_logs_refuse_delete BEFORE DELETE ON audit_logs
        BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only: DELETE refused'); END;
        """;

    public const string SqliteDrop = """
        DROP TRIGGER IF EXISTS audit_logs_refuse_update;
        DROP TRIGGER IF EXISTS audit_logs_refuse_delete;
        """;
}
