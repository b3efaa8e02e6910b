using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
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
                    queue_key = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    conversations = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversation_queue_contacts", x => new { x.queue_key, x.contact_id });
                });

            // Which contacts each queue (the zero id: no queue) has conversations with, kept by triggers in the statement of
            // every conversation created, deleted, or moved to another queue or contact (ADR 0058).
            migrationBuilder.Sql("""
                INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations)
                SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'), contact_id, count(*) FROM conversations GROUP BY 1, 2;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversations_queue_contacts_ai AFTER INSERT ON conversations BEGIN
                    INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations) VALUES (coalesce(new.queue_id, '00000000-0000-0000-0000-000000000000'), new.contact_id, 1)
                    ON CONFLICT (queue_key, contact_id) DO UPDATE SET conversations = conversations + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversations_queue_contacts_ad AFTER DELETE ON conversations BEGIN
                    UPDATE conversation_queue_contacts SET conversations = conversations - 1 WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000') AND contact_id = old.contact_id;
                    DELETE FROM conversation_queue_contacts WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000') AND contact_id = old.contact_id AND conversations <= 0;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversations_queue_contacts_au AFTER UPDATE OF queue_id, contact_id ON conversations
                WHEN old.queue_id IS NOT new.queue_id OR old.contact_id IS NOT new.contact_id BEGIN
                    UPDATE conversation_queue_contacts SET conversations = conversations - 1 WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000') AND contact_id = old.contact_id;
                    DELETE FROM conversation_queue_contacts WHERE queue_key = coalesce(old.queue_id, '00000000-0000-0000-0000-000000000000') AND contact_id = old.contact_id AND conversations <= 0;
                    INSERT INTO conversation_queue_contacts (queue_key, contact_id, conversations) VALUES (coalesce(new.queue_id, '00000000-0000-0000-0000-000000000000'), new.contact_id, 1)
                    ON CONFLICT (queue_key, contact_id) DO UPDATE SET conversations = conversations + 1;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversations_queue_contacts_ai;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversations_queue_contacts_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversations_queue_contacts_au;");

            migrationBuilder.DropTable(
                name: "conversation_queue_contacts");
        }
    }
}
