using System;
using Microsoft.EntityFrameworkCore.Migrations;
using WhatsSuite.Infrastructure.Persistence;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HistoryArchives : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Stray rows of the audit trail move out of its default partition too (the archival of late months).
            migrationBuilder.Sql(PartitionedTables.EnsureFunction);

            migrationBuilder.CreateTable(
                name: "history_archives",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    table_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rows = table.Column<long>(type: "bigint", nullable: false),
                    file_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    bytes = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    first_sequence = table.Column<long>(type: "bigint", nullable: true),
                    last_sequence = table.Column<long>(type: "bigint", nullable: true),
                    last_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    restored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_history_archives", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "archived_conversations",
                columns: table => new
                {
                    archive_id = table.Column<Guid>(type: "uuid", nullable: false),
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    messages = table.Column<int>(type: "integer", nullable: false),
                    first_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
