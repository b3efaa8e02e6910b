using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MessageCountsKeyWithCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The 15-minute totals are read by a range of their key (the drill-down by local hour, the buckets moved
            // between UTC and local midnight): with the count in the primary key's index too, those reads never visit
            // the table (ADR 0054). The new key index is built CONCURRENTLY, then swapped in for the old one in one
            // short statement; a failed build left behind by an earlier attempt is dropped first. EF Core's model
            // keeps the same key: the included column is outside it, like the search indexes.
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_message_counts_key_with_count;", suppressTransaction: true);
            migrationBuilder.Sql(
                "CREATE UNIQUE INDEX CONCURRENTLY ix_dashboard_message_counts_key_with_count ON dashboard_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type) INCLUDE (count);",
                suppressTransaction: true);
            migrationBuilder.Sql(
                """
                ALTER TABLE dashboard_message_counts
                    DROP CONSTRAINT pk_dashboard_message_counts,
                    ADD CONSTRAINT pk_dashboard_message_counts PRIMARY KEY USING INDEX ix_dashboard_message_counts_key_with_count;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_message_counts_key;", suppressTransaction: true);
            migrationBuilder.Sql(
                "CREATE UNIQUE INDEX CONCURRENTLY ix_dashboard_message_counts_key ON dashboard_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type);",
                suppressTransaction: true);
            migrationBuilder.Sql(
                """
                ALTER TABLE dashboard_message_counts
                    DROP CONSTRAINT pk_dashboard_message_counts,
                    ADD CONSTRAINT pk_dashboard_message_counts PRIMARY KEY USING INDEX ix_dashboard_message_counts_key;
                """);
        }
    }
}
