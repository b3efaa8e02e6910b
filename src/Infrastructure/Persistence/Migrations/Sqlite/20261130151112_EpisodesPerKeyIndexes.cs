using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EpisodesPerKeyIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The per-queue and per-agent dashboards read each key's waits of a period with what their figures need
            // (ADR 0056): indexes holding those columns after the key and start answer the reads without the table.
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_dashboard_response_episodes_queue_period ON dashboard_response_episodes (queue_id, started_at, seconds);");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_dashboard_response_episodes_responder_period ON dashboard_response_episodes (responder_id, started_at, queue_id, seconds);");
            migrationBuilder.DropIndex(
                name: "ix_dashboard_response_episodes_queue_id_started_at",
                table: "dashboard_response_episodes");

            migrationBuilder.DropIndex(
                name: "ix_dashboard_response_episodes_responder_id_started_at",
                table: "dashboard_response_episodes");
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
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_dashboard_response_episodes_queue_period;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_dashboard_response_episodes_responder_period;");
        }
    }
}
