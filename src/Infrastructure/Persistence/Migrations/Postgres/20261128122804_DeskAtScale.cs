using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
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
                    queue_key = table.Column<Guid>(type: "uuid", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_closed_counts", x => x.queue_key);
                });

            migrationBuilder.CreateTable(
                name: "conversation_search_documents",
                columns: table => new
                {
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_text = table.Column<string>(type: "character varying(1200)", maxLength: 1200, nullable: false),
                    message_text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
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
                columns: new[] { "assignee_id", "updated_at", "id" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_connection_id_updated_at_id",
                table: "conversations",
                columns: new[] { "connection_id", "updated_at", "id" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_queue_id_updated_at_id",
                table: "conversations",
                columns: new[] { "queue_id", "updated_at", "id" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_status_queue_id_assignee_id",
                table: "conversations",
                columns: new[] { "status", "queue_id", "assignee_id" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_updated_at_id",
                table: "conversations",
                columns: new[] { "updated_at", "id" })
                .Annotation("Npgsql:CreatedConcurrently", true);

            // Search: trigram GIN indexes answer LIKE '%term%' on both parts of the documents.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_search_documents_contact_text_trgm ON conversation_search_documents USING gin (contact_text gin_trgm_ops);",
                suppressTransaction: true);
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_search_documents_message_text_trgm ON conversation_search_documents USING gin (message_text gin_trgm_ops);",
                suppressTransaction: true);

            // CLOSED counters per queue (Guid.Empty: no queue), kept by a trigger in the transaction of every change,
            // and filled from the current rows in the same transaction as the trigger is created.
            migrationBuilder.Sql("""
                CREATE FUNCTION conversation_closed_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.queue_id IS NOT DISTINCT FROM NEW.queue_id THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'CLOSED' THEN
                        UPDATE conversation_closed_counts SET count = count - 1
                        WHERE queue_key = coalesce(OLD.queue_id, '00000000-0000-0000-0000-000000000000'::uuid);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'CLOSED' THEN
                        INSERT INTO conversation_closed_counts (queue_key, count)
                        VALUES (coalesce(NEW.queue_id, '00000000-0000-0000-0000-000000000000'::uuid), 1)
                        ON CONFLICT (queue_key) DO UPDATE SET count = conversation_closed_counts.count + 1;
                    END IF;
                    RETURN NULL;
                END
                $$;
                LOCK TABLE conversations IN SHARE ROW EXCLUSIVE MODE;
                CREATE TRIGGER conversations_closed_counts AFTER INSERT OR DELETE OR UPDATE OF status, queue_id ON conversations
                    FOR EACH ROW EXECUTE FUNCTION conversation_closed_counts_apply();
                INSERT INTO conversation_closed_counts (queue_key, count)
                SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'::uuid), count(*)
                FROM conversations WHERE status = 'CLOSED'
                GROUP BY 1;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversations_closed_counts ON conversations;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS conversation_closed_counts_apply();");

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
