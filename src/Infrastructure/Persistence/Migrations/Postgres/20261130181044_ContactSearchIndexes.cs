using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ContactSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The contacts list's search (ListContactsQueryHandler, q=): each name lower-cased and the number, matched as a
            // substring, from pg_trgm GIN indexes instead of reading every contact (ADR 0058). The expressions are the ones
            // EF Core writes for the query's LIKE, which PostgreSQL must see unchanged to use an index; every arm of the OR
            // needs one, or the whole filter reads the table.
            foreach (var (name, expression) in Indexes)
            {
                migrationBuilder.Sql($"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON contacts USING gin ({expression} gin_trgm_ops);", suppressTransaction: true);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, _) in Indexes)
            {
                migrationBuilder.Sql($"DROP INDEX CONCURRENTLY IF EXISTS {name};", suppressTransaction: true);
            }
        }

        private static readonly (string Name, string Expression)[] Indexes =
        [
            ("ix_contacts_display_name_trgm", "lower(display_name)"),
            ("ix_contacts_profile_name_trgm", "lower(profile_name)"),
            ("ix_contacts_username_trgm", "lower(username)"),
            ("ix_contacts_user_id_trgm", "lower(user_id)"),
            ("ix_contacts_wa_id_trgm", "wa_id"),
        ];
    }
}
