using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeskAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "conversation_closed_counts",
                columns: table => new
                {
                    queue_key = table.Column<Guid>(type: "TEXT", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_closed_counts", x => x.queue_key);
                });

            migrationBuilder.CreateTable(
                name: "conversation_search_documents",
                columns: table => new
                {
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_text = table.Column<string>(type: "TEXT", maxLength: 1200, nullable: false),
                    message_text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_search_documents", x => x.conversation_id);
                    table.ForeignKey(
                        name: "fk_conversation_search_documents_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_assignee_id_updated_at_id",
                table: "conversations",
                columns: new[] { "assignee_id", "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_connection_id_updated_at_id",
                table: "conversations",
                columns: new[] { "connection_id", "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_queue_id_updated_at_id",
                table: "conversations",
                columns: new[] { "queue_id", "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_status_queue_id_assignee_id",
                table: "conversations",
                columns: new[] { "status", "queue_id", "assignee_id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_updated_at_id",
                table: "conversations",
                columns: new[] { "updated_at", "id" });

            // Search: an FTS5 trigram table over the documents (external content), kept by triggers.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE conversation_search_fts USING fts5(
                    contact_text, message_text, content='conversation_search_documents', content_rowid='rowid', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_ai AFTER INSERT ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (rowid, contact_text, message_text) VALUES (new.rowid, new.contact_text, new.message_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_ad AFTER DELETE ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text, message_text) VALUES ('delete', old.rowid, old.contact_text, old.message_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_au AFTER UPDATE ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text, message_text) VALUES ('delete', old.rowid, old.contact_text, old.message_text);
                    INSERT INTO conversation_search_fts (rowid, contact_text, message_text) VALUES (new.rowid, new.contact_text, new.message_text);
                END;
                """);

            // CLOSED counters per queue (Guid.Empty: no queue), kept by triggers in the transaction of every change.
            migrationBuilder.Sql("""
                CREATE TRIGGER conversations_closed_counts_ai AFTER INSERT ON conversations WHEN new.status = 'CLOSED' BEGIN
                    INSERT INTO conversation_closed_counts (queue_key, count) VALUES (coalesce(new.queue_id, '00000000-0000-0000-0000-000000000000'), 1)
                    ON CONFLICT (queue_key) DO UPDATE SET count = count + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversations_closed_counts_ad AFTER DELETE ON conversations WHEN old.status = 'CLOSED' BEGIN
                    UPDATE conversation_closed_counts SET count = count - 1 WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversations_closed_counts_au AFTER UPDATE OF status, queue_id ON conversations
                WHEN (old.status = 'CLOSED' OR new.status = 'CLOSED') AND (old.status IS NOT new.status OR old.queue_id IS NOT new.queue_id) BEGIN
                    UPDATE conversation_closed_counts SET count = count - 1
                    WHERE old.status = 'CLOSED' AND queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000');
                    INSERT INTO conversation_closed_counts (queue_key, count)
                    SELECT coalesce(new.queue_id, '00000000-0000-0000-0000-000000000000'), 1 WHERE new.status = 'CLOSED'
                    ON CONFLICT (queue_key) DO UPDATE SET count = count + 1;
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO conversation_closed_counts (queue_key, count)
                SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'), count(*) FROM conversations WHERE status = 'CLOSED' GROUP BY 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversations_closed_counts_ai;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversations_closed_counts_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversations_closed_counts_au;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS conversation_search_fts;");

            migrationBuilder.DropTable(
                name: "conversation_closed_counts");

            migrationBuilder.DropTable(
                name: "conversation_search_documents");

            migrationBuilder.DropIndex(
                name: "ix_conversations_assignee_id_updated_at_id",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "ix_conversations_connection_id_updated_at_id",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "ix_conversations_queue_id_updated_at_id",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "ix_conversations_status_queue_id_assignee_id",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "ix_conversations_updated_at_id",
                table: "conversations");
        }
    }
}
