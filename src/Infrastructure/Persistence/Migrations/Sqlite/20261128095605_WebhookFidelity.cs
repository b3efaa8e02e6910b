using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WebhookFidelity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_contacts_wa_id",
                table: "contacts");

            migrationBuilder.AlterColumn<Guid>(
                name: "connection_id",
                table: "webhook_inbox",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "app_id",
                table: "webhook_inbox",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "item_count",
                table: "webhook_inbox",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "parent_id",
                table: "webhook_inbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "progress",
                table: "webhook_inbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "split_items",
                table: "webhook_inbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "referral_body",
                table: "messages",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_ctwa_clid",
                table: "messages",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_headline",
                table: "messages",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_media_type",
                table: "messages",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_media_url",
                table: "messages",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_source_id",
                table: "messages",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_source_type",
                table: "messages",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_source_url",
                table: "messages",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_thumbnail_url",
                table: "messages",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_body",
                table: "conversations",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_ctwa_clid",
                table: "conversations",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_headline",
                table: "conversations",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_media_type",
                table: "conversations",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_media_url",
                table: "conversations",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_source_id",
                table: "conversations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_source_type",
                table: "conversations",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_source_url",
                table: "conversations",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referral_thumbnail_url",
                table: "conversations",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "referred_at",
                table: "conversations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "wa_id",
                table: "contacts",
                type: "TEXT",
                maxLength: 15,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 15);

            migrationBuilder.AddColumn<bool>(
                name: "marketing_opted_out",
                table: "contacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "marketing_preference_at",
                table: "contacts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "parent_user_id",
                table: "contacts",
                type: "TEXT",
                maxLength: 160,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "user_id",
                table: "contacts",
                type: "TEXT",
                maxLength: 160,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "username",
                table: "contacts",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "messaging_limit",
                table: "connections",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "meta_app_id",
                table: "connections",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "quality_event",
                table: "connections",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "quality_updated_at",
                table: "connections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "connection_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    field = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    @event = table.Column<string>(name: "event", type: "TEXT", maxLength: 64, nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    dedup_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_connection_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_connection_events_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contact_identity_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    change = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    old_wa_id = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    new_wa_id = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    old_user_id = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                    new_user_id = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                    merged_contact_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_identity_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_inbox_parent_id",
                table: "webhook_inbox",
                column: "parent_id",
                filter: "parent_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_referral_source_type_referral_source_id",
                table: "conversations",
                columns: new[] { "referral_source_type", "referral_source_id" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_user_id",
                table: "contacts",
                column: "user_id",
                unique: true,
                filter: "user_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_wa_id",
                table: "contacts",
                column: "wa_id",
                unique: true,
                filter: "wa_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_contacts_identified",
                table: "contacts",
                sql: "wa_id IS NOT NULL OR user_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_connections_meta_app_id",
                table: "connections",
                column: "meta_app_id",
                filter: "meta_app_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_connection_events_connection_id_dedup_key",
                table: "connection_events",
                columns: new[] { "connection_id", "dedup_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_connection_events_connection_id_received_at",
                table: "connection_events",
                columns: new[] { "connection_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_identity_events_contact_id_occurred_at",
                table: "contact_identity_events",
                columns: new[] { "contact_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "connection_events");

            migrationBuilder.DropTable(
                name: "contact_identity_events");

            migrationBuilder.DropIndex(
                name: "ix_webhook_inbox_parent_id",
                table: "webhook_inbox");

            migrationBuilder.DropIndex(
                name: "ix_conversations_referral_source_type_referral_source_id",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "ix_contacts_user_id",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "ix_contacts_wa_id",
                table: "contacts");

            migrationBuilder.DropCheckConstraint(
                name: "ck_contacts_identified",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "ix_connections_meta_app_id",
                table: "connections");

            migrationBuilder.DropColumn(
                name: "app_id",
                table: "webhook_inbox");

            migrationBuilder.DropColumn(
                name: "item_count",
                table: "webhook_inbox");

            migrationBuilder.DropColumn(
                name: "parent_id",
                table: "webhook_inbox");

            migrationBuilder.DropColumn(
                name: "progress",
                table: "webhook_inbox");

            migrationBuilder.DropColumn(
                name: "split_items",
                table: "webhook_inbox");

            migrationBuilder.DropColumn(
                name: "referral_body",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_ctwa_clid",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_headline",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_media_type",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_media_url",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_source_id",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_source_type",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_source_url",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_thumbnail_url",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "referral_body",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referral_ctwa_clid",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referral_headline",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referral_media_type",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referral_media_url",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referral_source_id",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referral_source_type",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referral_source_url",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referral_thumbnail_url",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "referred_at",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "marketing_opted_out",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "marketing_preference_at",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "parent_user_id",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "user_id",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "username",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "messaging_limit",
                table: "connections");

            migrationBuilder.DropColumn(
                name: "meta_app_id",
                table: "connections");

            migrationBuilder.DropColumn(
                name: "quality_event",
                table: "connections");

            migrationBuilder.DropColumn(
                name: "quality_updated_at",
                table: "connections");

            migrationBuilder.AlterColumn<Guid>(
                name: "connection_id",
                table: "webhook_inbox",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "wa_id",
                table: "contacts",
                type: "TEXT",
                maxLength: 15,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 15,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_wa_id",
                table: "contacts",
                column: "wa_id",
                unique: true);
        }
    }
}
