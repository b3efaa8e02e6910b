using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ResponseEpisodesPeriodIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dashboards read a period's response episodes grouped by queue, responder and length (ADR 0054): with
            // those columns in the index the read never visits the table. Built before the plain index is dropped, and
            // both CONCURRENTLY, so a live database keeps an index for the period and its writes are never blocked.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_response_episodes_period ON dashboard_response_episodes (started_at) INCLUDE (queue_id, responder_id, seconds);",
                suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_started_at;", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_started_at",
                table: "dashboard_response_episodes",
                column: "started_at");
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_response_episodes_period;", suppressTransaction: true);
        }
    }
}
