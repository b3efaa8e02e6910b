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
            // 0059). Built CONCURRENTLY: new conversations keep writing the table while it is built. A failed build left
            // behind by an earlier attempt (an invalid index, which IF NOT EXISTS would keep) is dropped first.
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_conversation_queue_contacts_contact_id_queue_key;", suppressTransaction: true);
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY ix_conversation_queue_contacts_contact_id_queue_key ON conversation_queue_contacts (contact_id, queue_key);",
                suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_conversation_queue_contacts_contact_id_queue_key;", suppressTransaction: true);
        }
    }
}
