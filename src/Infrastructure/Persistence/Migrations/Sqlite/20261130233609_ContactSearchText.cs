using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactSearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "contacts",
                type: "TEXT",
                nullable: true);

            // The contacts stored before the searchable text get it at start-up (ContactSearchBackfill, ADR 0060), found
            // through this index, empty once they have it.
            migrationBuilder.Sql("CREATE INDEX ix_contacts_search_text_pending ON contacts (id) WHERE search_text IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_contacts_search_text_pending;");
            migrationBuilder.DropColumn(
                name: "search_text",
                table: "contacts");
        }
    }
}
