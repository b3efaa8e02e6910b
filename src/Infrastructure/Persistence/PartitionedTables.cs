namespace WhatsSuite.Infrastructure.Persistence;

/// <summary>
/// Raw SQL of the monthly range partitioning of the history tables in PostgreSQL (ADR 0033), kept outside the
/// generated migrations like <see cref="AuditLogTriggers"/>. Each table is partitioned by the time column that never
/// changes after insert; months are UTC calendar months; every table has a <c>_default</c> partition for rows outside
/// the months that exist, and a partition is named <c>&lt;table&gt;_pYYYY_MM</c>.
/// </summary>
public static class PartitionedTables
{
    /// <summary>Months created ahead of the current one by the migration and by the recurring job.</summary>
    public const int MonthsAhead = 3;

    /// <summary>The name of <paramref name="table"/>'s partition of the month starting at <paramref name="month"/>.</summary>
    public static string PartitionName(string table, DateTimeOffset month) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{table}_p{month.UtcDateTime:yyyy_MM}");

    /// <summary>The partitioned tables and their partition key.</summary>
    public static readonly IReadOnlyList<(string Table, string KeyColumn)> Tables =
    [
        ("messages", "sent_at"),
        ("message_status_events", "occurred_at"),
        ("webhook_inbox", "received_at"),
        ("audit_logs", "occurred_at"),
    ];

    /// <summary>
    /// <c>whatssuite_ensure_month_partitions(parent, first, last)</c>: creates the month partitions of
    /// <paramref name="parent"/> from the month of <c>first</c> to the month of <c>last</c> that do not exist yet and
    /// answers how many it created. Rows of such a month already in the default partition move into the new partition
    /// in the same transaction. A new partition of <c>audit_logs</c> refuses TRUNCATE like its parent.
    /// </summary>
    public const string EnsureFunction = """
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
        """;

    /// <summary>
    /// <c>whatssuite_partition_by_month(parent, key)</c>: turns a plain table into a table partitioned by month of
    /// <c>key</c>, without losing a row: a partition for every month that holds rows and for the months up to
    /// <see cref="MonthsAhead"/> ahead, a default partition, the rows copied once, then the primary key, the indexes
    /// and the foreign keys of the old table rebuilt under their names (a unique key gains the partition key, which
    /// PostgreSQL requires). Used by the migration only.
    /// </summary>
    public const string ConvertFunction = """
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
        """;

    /// <summary>
    /// <c>whatssuite_unpartition(parent, key)</c>: the way back (the migration's Down): one plain table with every row,
    /// the primary key and unique keys without the partition key again.
    /// </summary>
    public const string RevertFunction = """
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
        """;

    /// <summary>The migration's Up: every history table partitioned, the audit trail's triggers on the new table.</summary>
    public static string PartitionAll()
    {
        var statements = new List<string> { EnsureFunction, ConvertFunction };
        statements.AddRange(Tables.Select(t => $"SELECT whatssuite_partition_by_month('{t.Table}', '{t.KeyColumn}');"));
        statements.Add(AuditLogTriggers.PostgresCreate);
        statements.Add("CREATE TRIGGER audit_logs_refuse_truncate BEFORE TRUNCATE ON audit_logs_default FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();");
        statements.Add("DROP FUNCTION whatssuite_partition_by_month(text, text);");
        return string.Join('\n', statements);
    }

    /// <summary>The migration's Down.</summary>
    public static string UnpartitionAll()
    {
        // Dropping each partitioned table drops its triggers (those of every partition too); the plain audit table gets
        // the triggers of AuditLogTriggers again.
        var statements = new List<string> { RevertFunction };
        statements.AddRange(Tables.Select(t => $"SELECT whatssuite_unpartition('{t.Table}', '{t.KeyColumn}');"));
        statements.Add(AuditLogTriggers.PostgresCreate);
        statements.Add("DROP FUNCTION whatssuite_unpartition(text, text);");
        statements.Add("DROP FUNCTION whatssuite_ensure_month_partitions(text, timestamptz, timestamptz);");
        return string.Join('\n', statements);
    }
}
