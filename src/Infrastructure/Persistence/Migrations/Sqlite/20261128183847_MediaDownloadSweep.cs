using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MediaDownloadSweep : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "media_next_attempt_at",
                table: "messages",
                type: "INTEGER",
                nullable: true);

            // Media already pending is due from its last change, so the media sweep finds what has no job.
            migrationBuilder.Sql("UPDATE messages SET media_next_attempt_at = updated_at WHERE media_status = 'Pending';");

            migrationBuilder.CreateIndex(
                name: "ix_messages_media_pending_due",
                table: "messages",
                columns: new[] { "media_next_attempt_at", "id" },
                filter: "media_status = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_media_pending_due",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "media_next_attempt_at",
                table: "messages");
        }
    }
}
