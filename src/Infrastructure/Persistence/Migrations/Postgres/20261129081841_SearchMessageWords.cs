using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchMessageWords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Message text is searched by words (docs/decisions/0045-word-search.md): its trigram index goes (the
            // contact part keeps its own), first, so that the rewrite below does not maintain it.
            migrationBuilder.Sql(
                "DROP INDEX CONCURRENTLY IF EXISTS ix_conversation_search_documents_message_text_trgm;",
                suppressTransaction: true);

            // The words of the message text: a tsvector kept by a trigger from message_text. The configuration is
            // 'simple' (no stemming, no stop words: customers write in several languages) with unaccent before it.
            // Words are split on anything but letters and digits, written out as ranges so that the split does not
            // depend on the database's locale (with LC_CTYPE=C the parser would keep "¿donde" or "gracias😊" as one
            // word); the same split as ConversationSearchText.Words on the query side.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS unaccent;
                CREATE TEXT SEARCH CONFIGURATION whatssuite_search (COPY = pg_catalog.simple);
                ALTER TEXT SEARCH CONFIGURATION whatssuite_search ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple;
                CREATE FUNCTION conversation_search_words(message_text text) RETURNS tsvector
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    AS $$ SELECT strip(to_tsvector('whatssuite_search'::regconfig, regexp_replace(message_text,
                        '[\x01-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F\u00A0-\u00A9\u00AB-\u00B4\u00B6-\u00B9\u00BB-\u00BF\u00D7\u00F7\u2000-\u2BFF\u3000-\u303F\uFE00-\uFE0F\uFE10-\uFE6F\U0001F000-\U0001FAFF]',
                        ' ', 'g'))) $$;
                ALTER TABLE conversation_search_documents ADD COLUMN message_words tsvector NOT NULL DEFAULT ''::tsvector;
                CREATE FUNCTION conversation_search_documents_words() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.message_words := conversation_search_words(NEW.message_text);
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER conversation_search_documents_words BEFORE INSERT OR UPDATE OF message_text ON conversation_search_documents
                    FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();
                UPDATE conversation_search_documents SET message_words = conversation_search_words(message_text) WHERE message_text <> '';
                """);
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_search_documents_message_words ON conversation_search_documents USING gin (message_words);",
                suppressTransaction: true);
            migrationBuilder.Sql("ANALYZE conversation_search_documents;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_conversation_search_documents_message_words;
                DROP TRIGGER IF EXISTS conversation_search_documents_words ON conversation_search_documents;
                DROP FUNCTION IF EXISTS conversation_search_documents_words();
                ALTER TABLE conversation_search_documents DROP COLUMN IF EXISTS message_words;
                DROP FUNCTION IF EXISTS conversation_search_words(text);
                DROP TEXT SEARCH CONFIGURATION IF EXISTS whatssuite_search;
                """);
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_conversation_search_documents_message_text_trgm ON conversation_search_documents USING gin (message_text gin_trgm_ops);",
                suppressTransaction: true);
        }
    }
}
