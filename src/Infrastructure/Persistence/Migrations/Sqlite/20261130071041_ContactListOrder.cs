using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactListOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The contacts list's order, as in PostgreSQL (ADR 0053).
            migrationBuilder.Sql(
                "CREATE INDEX IF NOT EXISTS ix_contacts_list_order ON contacts (lower(COALESCE(display_name, profile_name, username, wa_id, user_id)), id);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_contacts_list_order;");
        }
    }
}
