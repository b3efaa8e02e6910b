using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DailyMessageCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dashboard_daily_message_counts",
                columns: table => new
                {
                    bucket_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    queue_id = table.Column<Guid>(type: "uuid", nullable: false),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    direction = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_daily_message_counts", x => new { x.bucket_start, x.queue_id, x.connection_id, x.agent_id, x.direction, x.type });
                });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_daily_message_counts_queue_id_bucket_start",
                table: "dashboard_daily_message_counts",
                columns: new[] { "queue_id", "bucket_start" });

            // The daily totals of what the 15-minute totals hold today (ADR 0054). The rollup's version moves first: its
            // row lock makes a run of an older instance that is saving now finish before the copy reads, and one that
            // saves later fail its version check (409 dashboards.rollup_busy) and change nothing; the dashboards'
            // cached views, keyed by the version, are read again.
            migrationBuilder.Sql("UPDATE dashboard_rollup_state SET version = version + 1;");
            migrationBuilder.Sql(
                """
                INSERT INTO dashboard_daily_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type, count)
                SELECT date_trunc('day', bucket_start, 'UTC'), queue_id, connection_id, agent_id, direction, type, sum(count)
                FROM dashboard_message_counts
                GROUP BY 1, 2, 3, 4, 5, 6;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dashboard_daily_message_counts");
        }
    }
}
