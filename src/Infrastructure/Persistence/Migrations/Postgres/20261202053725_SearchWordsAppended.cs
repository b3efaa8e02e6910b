using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchWordsAppended : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A document keeps between 8,000 and 16,000 characters of message text, and an append adds only the new
            // text's words to message_words (docs/decisions/0068-search-words-appended.md). PostgreSQL refuses to change
            // the type of a column named in a trigger's UPDATE OF list, so the trigger is dropped around the change
            // (a longer varchar is a catalog change: no rewrite of the table).
            migrationBuilder.Sql("DROP TRIGGER conversation_search_documents_words ON conversation_search_documents;");
            migrationBuilder.AlterColumn<string>(
                name: "message_text",
                table: "conversation_search_documents",
                type: "character varying(16000)",
                maxLength: 16000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(8000)",
                oldMaxLength: 8000);
            migrationBuilder.Sql(AppendingTrigger);
        }

        /// <summary>
        /// When the new text extends the old one (an append: ConversationSearchDocument adds a space, then the message),
        /// the new part's words are added to the old words; otherwise (a new document, a cut back to the latest text)
        /// the whole text is read. Both give the same words: the part is split off at a space, and the words of a text
        /// are those of its space-separated parts.
        /// </summary>
        private const string AppendingTrigger = """
            CREATE OR REPLACE FUNCTION conversation_search_documents_words() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND length(NEW.message_text) > length(OLD.message_text)
                    AND left(NEW.message_text, length(OLD.message_text)) = OLD.message_text THEN
                    NEW.message_words := OLD.message_words || conversation_search_words(substr(NEW.message_text, length(OLD.message_text) + 1));
                ELSE
                    NEW.message_words := conversation_search_words(NEW.message_text);
                END IF;
                RETURN NEW;
            END
            $$;
            CREATE TRIGGER conversation_search_documents_words BEFORE INSERT OR UPDATE OF message_text ON conversation_search_documents
                FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();
            """;

        private const string ReadingTrigger = """
            CREATE OR REPLACE FUNCTION conversation_search_documents_words() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.message_words := conversation_search_words(NEW.message_text);
                RETURN NEW;
            END
            $$;
            CREATE TRIGGER conversation_search_documents_words BEFORE INSERT OR UPDATE OF message_text ON conversation_search_documents
                FOR EACH ROW EXECUTE FUNCTION conversation_search_documents_words();
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the latest 8,000 characters at most, from the first word that starts within them.
            migrationBuilder.Sql("""
                DROP TRIGGER conversation_search_documents_words ON conversation_search_documents;
                UPDATE conversation_search_documents SET message_text = substr(right(message_text, 8000), strpos(right(message_text, 8000), ' ') + 1)
                    WHERE length(message_text) > 8000;
                """);
            migrationBuilder.AlterColumn<string>(
                name: "message_text",
                table: "conversation_search_documents",
                type: "character varying(8000)",
                maxLength: 8000,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16000)",
                oldMaxLength: 16000);
            migrationBuilder.Sql(ReadingTrigger);
        }
    }
}
