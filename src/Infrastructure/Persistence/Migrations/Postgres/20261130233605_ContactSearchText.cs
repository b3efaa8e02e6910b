using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
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
                type: "text",
                nullable: true);

            // The contacts list's search reads one normalized text per contact (ContactSearchText, ADR 0060) instead of
            // four lower-cased names: one trigram index replaces the names' four. The contacts stored before it get their
            // text at start-up (ContactSearchBackfill), found through a partial index that is empty once they have it.
            // Built CONCURRENTLY, each dropped first in case an earlier attempt left it invalid.
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_search_text_trgm;", suppressTransaction: true);
            migrationBuilder.Sql("CREATE INDEX CONCURRENTLY ix_contacts_search_text_trgm ON contacts USING gin (search_text gin_trgm_ops);", suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_search_text_pending;", suppressTransaction: true);
            migrationBuilder.Sql("CREATE INDEX CONCURRENTLY ix_contacts_search_text_pending ON contacts (id) WHERE search_text IS NULL;", suppressTransaction: true);
            foreach (var (name, _) in NameIndexes)
            {
                migrationBuilder.Sql($"DROP INDEX CONCURRENTLY IF EXISTS {name};", suppressTransaction: true);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, expression) in NameIndexes)
            {
                migrationBuilder.Sql($"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON contacts USING gin ({expression} gin_trgm_ops);", suppressTransaction: true);
            }

            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_search_text_pending;", suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_search_text_trgm;", suppressTransaction: true);
            migrationBuilder.DropColumn(
                name: "search_text",
                table: "contacts");
        }

        /// <summary>The names' trigram indexes of migration ContactSearchIndexes, which the searchable text replaces.</summary>
        private static readonly (string Name, string Expression)[] NameIndexes =
        [
            ("ix_contacts_display_name_trgm", "lower(display_name)"),
            ("ix_contacts_profile_name_trgm", "lower(profile_name)"),
            ("ix_contacts_username_trgm", "lower(username)"),
            ("ix_contacts_user_id_trgm", "lower(user_id)"),
        ];
    }
}
