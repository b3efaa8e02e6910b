using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ContactNumberIndexForSearchOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The number's trigram index serves the contacts list's search only (ADR 0062). pg_trgm also answers equality,
            // and PostgreSQL took it for the lookups of contacts by number (wa_id = ANY(...)): every number shares most of
            // its trigrams with the others, so 2,000 numbers read 660,000 index pages (20 s) where the number's unique
            // index reads a few thousand. Built on lower(wa_id), which the search writes and an equality on the number does
            // not, the index is no plan for a lookup; ANALYZE keeps statistics of the expression, so the search's estimates
            // are those of the column. Built before the old one is dropped, so the search always has one.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_wa_id_search_trgm ON contacts USING gin (lower(wa_id) gin_trgm_ops);",
                suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_wa_id_trgm;", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_contacts_wa_id_trgm ON contacts USING gin (wa_id gin_trgm_ops);", suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_contacts_wa_id_search_trgm;", suppressTransaction: true);
        }
    }
}
