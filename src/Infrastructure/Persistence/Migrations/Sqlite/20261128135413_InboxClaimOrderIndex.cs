using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InboxClaimOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_inbox_status_next_attempt_at",
                table: "webhook_inbox");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_inbox_status_next_attempt_at_id",
                table: "webhook_inbox",
                columns: new[] { "status", "next_attempt_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_inbox_status_next_attempt_at_id",
                table: "webhook_inbox");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_inbox_status_next_attempt_at",
                table: "webhook_inbox",
                columns: new[] { "status", "next_attempt_at" });
        }
    }
}
