using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HistoryArchives : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "history_archives",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    table_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    period_end = table.Column<long>(type: "INTEGER", nullable: false),
                    rows = table.Column<long>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    first_sequence = table.Column<long>(type: "INTEGER", nullable: true),
                    last_sequence = table.Column<long>(type: "INTEGER", nullable: true),
                    last_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    restored_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_history_archives", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "archived_conversations",
                columns: table => new
                {
                    archive_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    messages = table.Column<int>(type: "INTEGER", nullable: false),
                    first_sent_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_sent_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_archived_conversations", x => new { x.archive_id, x.conversation_id });
                    table.ForeignKey(
                        name: "fk_archived_conversations_history_archives_archive_id",
                        column: x => x.archive_id,
                        principalTable: "history_archives",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_archived_conversations_conversation_id",
                table: "archived_conversations",
                column: "conversation_id");

            migrationBuilder.CreateIndex(
                name: "ix_history_archives_file_name",
                table: "history_archives",
                column: "file_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_history_archives_table_name_period_start",
                table: "history_archives",
                columns: new[] { "table_name", "period_start" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "archived_conversations");

            migrationBuilder.DropTable(
                name: "history_archives");
        }
    }
}
