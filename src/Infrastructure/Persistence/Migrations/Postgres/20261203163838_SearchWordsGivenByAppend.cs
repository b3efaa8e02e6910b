using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchWordsGivenByAppend : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The in-place append (docs/decisions/0070-search-text-appended-in-place.md) sets message_words itself, from
            // the appended text alone; the trigger then has nothing to do, and it used to read the whole old and new text
            // (length, left, substr) for every message. It now runs on INSERT and on an UPDATE of message_text that left
            // message_words as it was (the entity path: EF Core never writes message_words). An append whose text has no
            // words also leaves message_words as it was, and the trigger then adds those (no) words itself.
            migrationBuilder.Sql("""
                DROP TRIGGER conversation_search_documents_words ON conversation_search_documents;
                CREATE TRIGGER conversation_search_documents_words BEFORE INSERT ON conversation_search_documents
                    FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();
                CREATE TRIGGER conversation_search_documents_words_unless_given BEFORE UPDATE OF message_text ON conversation_search_documents
                    FOR EACH ROW WHEN (NEW.message_words IS NOT DISTINCT FROM OLD.message_words)
                    EXECUTE FUNCTION conversation_search_documents_words();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER conversation_search_documents_words_unless_given ON conversation_search_documents;
                DROP TRIGGER conversation_search_documents_words ON conversation_search_documents;
                CREATE TRIGGER conversation_search_documents_words BEFORE INSERT OR UPDATE OF message_text ON conversation_search_documents
                    FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();
                """);
        }
    }
}
