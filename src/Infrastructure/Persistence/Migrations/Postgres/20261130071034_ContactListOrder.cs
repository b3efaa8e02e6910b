using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ContactListOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The contacts list's order (ListContactsQueryHandler: the name shown, case-insensitive, then the id), so that a
            // page is read from an index instead of sorting every contact (ADR 0053). The expression is the one EF Core
            // writes for the query's ORDER BY, which PostgreSQL must see unchanged to use the index.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_list_order ON contacts (lower(COALESCE(display_name, profile_name, username, wa_id, user_id)), id);",
                suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_list_order;", suppressTransaction: true);
        }
    }
}
