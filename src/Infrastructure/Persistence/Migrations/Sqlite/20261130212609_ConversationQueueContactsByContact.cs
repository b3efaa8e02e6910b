using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConversationQueueContactsByContact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_conversation_queue_contacts_contact_id_queue_key",
                table: "conversation_queue_contacts",
                columns: new[] { "contact_id", "queue_key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_conversation_queue_contacts_contact_id_queue_key",
                table: "conversation_queue_contacts");
        }
    }
}
