using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxClaimOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_next_attempt_at",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_next_attempt_at_id",
                table: "messages",
                columns: new[] { "next_attempt_at", "id" },
                filter: "next_attempt_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_next_attempt_at_id",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_next_attempt_at",
                table: "messages",
                column: "next_attempt_at",
                filter: "next_attempt_at IS NOT NULL");
        }
    }
}
