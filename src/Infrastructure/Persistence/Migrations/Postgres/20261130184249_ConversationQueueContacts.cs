using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConversationQueueContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "conversation_queue_contacts",
                columns: table => new
                {
                    queue_key = table.Column<Guid>(type: "uuid", nullable: false),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: false),
                    conversations = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_queue_contacts", x => new { x.queue_key, x.contact_id });
                });

            // Which contacts each queue (the zero id: no queue) has conversations with, and how many: a SUPERVISOR's
            // contacts are those of their queues and of the conversations without a queue, counted from this table's key
            // instead of every conversation (ADR 0058). The trigger fires when a conversation is created, deleted, or
            // changes queue or contact, not when a message updates it. The table is locked while the rows are counted.
            migrationBuilder.Sql("""
                CREATE FUNCTION conversation_queue_contacts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.queue_id IS NOT DISTINCT FROM NEW.queue_id AND OLD.contact_id = NEW.contact_id THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        UPDATE conversation_queue_contacts SET conversations = conversations - 1
                        WHERE queue_key = coalesce(OLD.queue_id, '00000000-0000-0000-0000-000000000000'::uuid) AND contact_id = OLD.contact_id;
                        DELETE FROM conversation_queue_contacts
                        WHERE queue_key = coalesce(OLD.queue_id, '00000000-0000-0000-0000-000000000000'::uuid) AND contact_id = OLD.contact_id AND conversations <= 0;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations)
                        VALUES (coalesce(NEW.queue_id, '00000000-0000-0000-0000-000000000000'::uuid), NEW.contact_id, 1)
                        ON CONFLICT (queue_key, contact_id) DO UPDATE SET conversations = conversation_queue_contacts.conversations + 1;
                    END IF;
                    RETURN NULL;
                END
                $$;
                LOCK TABLE conversations IN SHARE ROW EXCLUSIVE MODE;
                CREATE TRIGGER conversations_queue_contacts AFTER INSERT OR DELETE OR UPDATE OF queue_id, contact_id ON conversations
                    FOR EACH ROW EXECUTE FUNCTION conversation_queue_contacts_apply();
                INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations)
                SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'::uuid), contact_id, count(*)
                FROM conversations
                GROUP BY 1, 2;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversations_queue_contacts ON conversations;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS conversation_queue_contacts_apply();");

            migrationBuilder.DropTable(
                name: "conversation_queue_contacts");
        }
    }
}
