using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EpisodesQueuePeriodIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The per-queue dashboards read each queue's waits of a period with their length (ADR 0056): an index
            // holding the length after the queue and start answers the read without the table.
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_dashboard_response_episodes_queue_period ON dashboard_response_episodes (queue_id, started_at, seconds);");
            migrationBuilder.DropIndex(
                name: "ix_dashboard_response_episodes_queue_id_started_at",
                table: "dashboard_response_episodes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_queue_id_started_at",
                table: "dashboard_response_episodes",
                columns: new[] { "queue_id", "started_at" });
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_dashboard_response_episodes_queue_period;");
        }
    }
}
