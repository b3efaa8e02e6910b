using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DailyMessageCounts : Migration
    {
        /// <summary>The SQL of a stored bucket's UTC day: the midnight's stored value.</summary>
        public const string DayStartOfBucket = "((bucket_start >> 11) / 864000000 * 864000000) << 11";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dashboard_daily_message_counts",
                columns: table => new
                {
                    bucket_start = table.Column<long>(type: "INTEGER", nullable: false),
                    queue_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agent_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    direction = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_daily_message_counts", x => new { x.bucket_start, x.queue_id, x.connection_id, x.agent_id, x.direction, x.type });
                });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_daily_message_counts_queue_id_bucket_start",
                table: "dashboard_daily_message_counts",
                columns: new[] { "queue_id", "bucket_start" });

            // The daily totals of what the 15-minute totals hold today (ADR 0054). A bucket is stored by EF Core's
            // DateTimeOffsetToBinaryConverter: (ticks / 1000) << 11, with the offset's minutes (0, UTC) in the low 11
            // bits; a UTC day is 864,000,000 of those units, so its midnight is the value rounded down to a whole day
            // (DailyMessageCountsSqliteTests checks the arithmetic against the converter). The version moves as in
            // PostgreSQL: the dashboards' cached views are read again.
            migrationBuilder.Sql("UPDATE dashboard_rollup_state SET version = version + 1;");
            migrationBuilder.Sql(
                $"""
                INSERT INTO dashboard_daily_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type, count)
                SELECT {DayStartOfBucket}, queue_id, connection_id, agent_id, direction, type, sum(count)
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
