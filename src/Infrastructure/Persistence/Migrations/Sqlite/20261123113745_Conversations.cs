using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Conversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "connections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    phone_number_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    waba_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    display_number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    access_token_protected = table.Column<string>(type: "TEXT", nullable: false),
                    app_secret_protected = table.Column<string>(type: "TEXT", nullable: false),
                    webhook_verify_token_protected = table.Column<string>(type: "TEXT", nullable: false),
                    send_rate_limit_per_second = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    status_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    credentials_checked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    wa_id = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    profile_name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    tags = table.Column<string>(type: "TEXT", nullable: false),
                    opted_out = table.Column<bool>(type: "INTEGER", nullable: false),
                    opted_out_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "message_status_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    wamid = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recipient_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    error_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    error_title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_status_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_inbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_inbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "connection_queues",
                columns: table => new
                {
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    queue_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    linked_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connection_queues", x => new { x.connection_id, x.queue_id });
                    table.ForeignKey(
                        name: "fk_connection_queues_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_connection_queues_queues_queue_id",
                        column: x => x.queue_id,
                        principalTable: "queues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    queue_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    assignee_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    assigned_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_inbound_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_message_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_message_preview = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversations", x => x.id);
                    table.ForeignKey(
                        name: "fk_conversations_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_conversations_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_conversations_queues_queue_id",
                        column: x => x.queue_id,
                        principalTable: "queues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_conversations_users_assignee_id",
                        column: x => x.assignee_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    wamid = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    reply_to_wamid = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    media_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    media_mime_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    media_sha256 = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    media_file_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    error_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    error_title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    sender_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status_at = table.Column<long>(type: "INTEGER", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_messages_conversations_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_messages_users_sender_user_id",
                        column: x => x.sender_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_connection_queues_queue_id",
                table: "connection_queues",
                column: "queue_id");

            migrationBuilder.CreateIndex(
                name: "ix_connections_normalized_name",
                table: "connections",
                column: "normalized_name",
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_connections_phone_number_id",
                table: "connections",
                column: "phone_number_id",
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_wa_id",
                table: "contacts",
                column: "wa_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_assignee_id_status_updated_at_id",
                table: "conversations",
                columns: new[] { "assignee_id", "status", "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_connection_id_contact_id",
                table: "conversations",
                columns: new[] { "connection_id", "contact_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_contact_id",
                table: "conversations",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_queue_id_status_updated_at_id",
                table: "conversations",
                columns: new[] { "queue_id", "status", "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_status_updated_at_id",
                table: "conversations",
                columns: new[] { "status", "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_message_status_events_wamid_status",
                table: "message_status_events",
                columns: new[] { "wamid", "status" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_messages_connection_id_wamid",
                table: "messages",
                columns: new[] { "connection_id", "wamid" },
                unique: true,
                filter: "wamid IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_conversation_id_sent_at_id",
                table: "messages",
                columns: new[] { "conversation_id", "sent_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_messages_next_attempt_at",
                table: "messages",
                column: "next_attempt_at",
                filter: "next_attempt_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_sender_user_id",
                table: "messages",
                column: "sender_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_inbox_status_next_attempt_at",
                table: "webhook_inbox",
                columns: new[] { "status", "next_attempt_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "connection_queues");

            migrationBuilder.DropTable(
                name: "message_status_events");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "webhook_inbox");

            migrationBuilder.DropTable(
                name: "conversations");

            migrationBuilder.DropTable(
                name: "connections");

            migrationBuilder.DropTable(
                name: "contacts");
        }
    }
}
