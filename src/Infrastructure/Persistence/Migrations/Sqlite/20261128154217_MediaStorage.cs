using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MediaStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "media_attempts",
                table: "messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "media_error",
                table: "messages",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "media_object_id",
                table: "messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "media_status",
                table: "messages",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "media_objects",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    connection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    storage_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    key_id = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_media_objects", x => x.id);
                    table.ForeignKey(
                        name: "fk_media_objects_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_messages_media_object_id",
                table: "messages",
                column: "media_object_id",
                filter: "media_object_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_media_objects_connection_id_sha256",
                table: "media_objects",
                columns: new[] { "connection_id", "sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_media_objects_key_id_id",
                table: "media_objects",
                columns: new[] { "key_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_media_objects_storage_key",
                table: "media_objects",
                column: "storage_key",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_messages_media_objects_media_object_id",
                table: "messages",
                column: "media_object_id",
                principalTable: "media_objects",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_messages_media_objects_media_object_id",
                table: "messages");

            migrationBuilder.DropTable(
                name: "media_objects");

            migrationBuilder.DropIndex(
                name: "ix_messages_media_object_id",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "media_attempts",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "media_error",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "media_object_id",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "media_status",
                table: "messages");
        }
    }
}
