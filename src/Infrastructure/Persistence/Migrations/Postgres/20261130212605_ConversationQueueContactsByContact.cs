using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConversationQueueContactsByContact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A SUPERVISOR's contacts, checked contact by contact as their list is read in name order (ContactAccess, ADR
            // 0059). Built CONCURRENTLY: new conversations keep writing the table while it is built.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_queue_contacts_contact_id_queue_key ON conversation_queue_contacts (contact_id, queue_key);",
                suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_conversation_queue_contacts_contact_id_queue_key;", suppressTransaction: true);
        }
    }
}
