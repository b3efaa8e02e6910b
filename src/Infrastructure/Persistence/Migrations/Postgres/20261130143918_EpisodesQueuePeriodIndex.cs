using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EpisodesQueuePeriodIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The per-queue dashboards read each queue's waits of a period in turn, with their length (ADR 0056): with
            // the length in the index the read never visits the table. Built before the plain index is dropped, and
            // both CONCURRENTLY, so a live database keeps an index by queue and its writes are never blocked.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_response_episodes_queue_period ON dashboard_response_episodes (queue_id, started_at) INCLUDE (seconds);",
                suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_queue_id_started_at;", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_queue_id_started_at",
                table: "dashboard_response_episodes",
                columns: new[] { "queue_id", "started_at" });
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_queue_period;", suppressTransaction: true);
        }
    }
}
