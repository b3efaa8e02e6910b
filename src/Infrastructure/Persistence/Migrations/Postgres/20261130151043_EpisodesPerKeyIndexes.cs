using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EpisodesPerKeyIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The per-queue and per-agent dashboards read each key's waits of a period in turn, with what their figures
            // need (ADR 0056): with those columns in the indexes the reads never visit the table. Each is built before
            // the plain index it replaces is dropped, all CONCURRENTLY, so a live database keeps an index per key and
            // its writes are never blocked.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_response_episodes_queue_period ON dashboard_response_episodes (queue_id, started_at) INCLUDE (seconds);",
                suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_queue_id_started_at;", suppressTransaction: true);
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_response_episodes_responder_period ON dashboard_response_episodes (responder_id, started_at) INCLUDE (queue_id, seconds);",
                suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_responder_id_started_at;", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_queue_id_started_at",
                table: "dashboard_response_episodes",
                columns: new[] { "queue_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_responder_id_started_at",
                table: "dashboard_response_episodes",
                columns: new[] { "responder_id", "started_at" });
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_queue_period;", suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_responder_period;", suppressTransaction: true);
        }
    }
}
