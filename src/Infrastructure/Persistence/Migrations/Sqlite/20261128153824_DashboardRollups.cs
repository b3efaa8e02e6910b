using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "first_response_target_seconds",
                table: "queues",
                type: "INTEGER",
                nullable: false,
                defaultValue: 300);

            migrationBuilder.CreateTable(
                name: "dashboard_conversation_message_counts",
                columns: table => new
                {
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    bucket_start = table.Column<long>(type: "INTEGER", nullable: false),
                    agent_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    direction = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    queue_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_conversation_message_counts", x => new { x.conversation_id, x.bucket_start, x.agent_id, x.direction, x.type });
                });

            migrationBuilder.CreateTable(
                name: "dashboard_message_counts",
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
                    table.PrimaryKey("pk_dashboard_message_counts", x => new { x.bucket_start, x.queue_id, x.connection_id, x.agent_id, x.direction, x.type });
                });

            migrationBuilder.CreateTable(
                name: "dashboard_removed_conversations",
                columns: table => new
                {
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    removed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_removed_conversations", x => x.conversation_id);
                });

            migrationBuilder.CreateTable(
                name: "dashboard_resolutions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    queue_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agent_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    seconds = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_resolutions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dashboard_response_episodes",
                columns: table => new
                {
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    queue_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    responded_at = table.Column<long>(type: "INTEGER", nullable: true),
                    responder_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    seconds = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_response_episodes", x => new { x.conversation_id, x.started_at });
                });

            migrationBuilder.CreateTable(
                name: "dashboard_rollup_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    watermark = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboard_rollup_state", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "dashboard_rollup_state",
                columns: new[] { "id", "updated_at", "version", "watermark" },
                values: new object[] { 1, 1272537022464000000L, 0L, 1272537022464000000L });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_message_counts_queue_id_bucket_start",
                table: "dashboard_message_counts",
                columns: new[] { "queue_id", "bucket_start" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_resolutions_agent_id_closed_at",
                table: "dashboard_resolutions",
                columns: new[] { "agent_id", "closed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_resolutions_closed_at",
                table: "dashboard_resolutions",
                column: "closed_at");

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_resolutions_conversation_id_closed_at",
                table: "dashboard_resolutions",
                columns: new[] { "conversation_id", "closed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_resolutions_queue_id_closed_at",
                table: "dashboard_resolutions",
                columns: new[] { "queue_id", "closed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_queue_id_started_at",
                table: "dashboard_response_episodes",
                columns: new[] { "queue_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_responder_id_started_at",
                table: "dashboard_response_episodes",
                columns: new[] { "responder_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_dashboard_response_episodes_started_at",
                table: "dashboard_response_episodes",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dashboard_conversation_message_counts");

            migrationBuilder.DropTable(
                name: "dashboard_message_counts");

            migrationBuilder.DropTable(
                name: "dashboard_removed_conversations");

            migrationBuilder.DropTable(
                name: "dashboard_resolutions");

            migrationBuilder.DropTable(
                name: "dashboard_response_episodes");

            migrationBuilder.DropTable(
                name: "dashboard_rollup_state");

            migrationBuilder.DropColumn(
                name: "first_response_target_seconds",
                table: "queues");
        }
    }
}
