using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResponseEpisodesPeriodIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dashboards read a period's response episodes grouped by queue, responder and length (ADR 0054): an
            // index holding those columns after the start answers the read without the table.
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_dashboard_response_episodes_period ON dashboard_response_episodes (started_at, queue_id, responder_id, seconds);");
            migrationBuilder.DropIndex(
                name: "ix_dashboard_response_episodes_started_at",
                table: "dashboard_response_episodes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_started_at",
                table: "dashboard_response_episodes",
                column: "started_at");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_dashboard_response_episodes_period;");
        }
    }
}
