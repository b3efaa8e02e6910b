using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchMessageWords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Message text is searched by words (docs/decisions/0045-word-search.md): the trigram table keeps the
            // contact part only, and a word table (unicode61: letters and digits, diacritics removed) the message part.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversation_search_documents_ai;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversation_search_documents_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversation_search_documents_au;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS conversation_search_fts;");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE conversation_search_fts USING fts5(
                    contact_text, content='conversation_search_documents', content_rowid='rowid', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE conversation_search_words USING fts5(
                    message_text, content='conversation_search_documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_ai AFTER INSERT ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (rowid, contact_text) VALUES (new.rowid, new.contact_text);
                    INSERT INTO conversation_search_words (rowid, message_text) VALUES (new.rowid, new.message_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_ad AFTER DELETE ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text) VALUES ('delete', old.rowid, old.contact_text);
                    INSERT INTO conversation_search_words (conversation_search_words, rowid, message_text) VALUES ('delete', old.rowid, old.message_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_au AFTER UPDATE ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text) VALUES ('delete', old.rowid, old.contact_text);
                    INSERT INTO conversation_search_fts (rowid, contact_text) VALUES (new.rowid, new.contact_text);
                    INSERT INTO conversation_search_words (conversation_search_words, rowid, message_text) VALUES ('delete', old.rowid, old.message_text);
                    INSERT INTO conversation_search_words (rowid, message_text) VALUES (new.rowid, new.message_text);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO conversation_search_fts (conversation_search_fts) VALUES ('rebuild');");
            migrationBuilder.Sql("INSERT INTO conversation_search_words (conversation_search_words) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversation_search_documents_ai;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversation_search_documents_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS conversation_search_documents_au;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS conversation_search_words;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS conversation_search_fts;");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE conversation_search_fts USING fts5(
                    contact_text, message_text, content='conversation_search_documents', content_rowid='rowid', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_ai AFTER INSERT ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (rowid, contact_text, message_text) VALUES (new.rowid, new.contact_text, new.message_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_ad AFTER DELETE ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text, message_text) VALUES ('delete', old.rowid, old.contact_text, old.message_text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER conversation_search_documents_au AFTER UPDATE ON conversation_search_documents BEGIN
                    INSERT INTO conversation_search_fts (conversation_search_fts, rowid, contact_text, message_text) VALUES ('delete', old.rowid, old.contact_text, old.message_text);
                    INSERT INTO conversation_search_fts (rowid, contact_text, message_text) VALUES (new.rowid, new.contact_text, new.message_text);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO conversation_search_fts (conversation_search_fts) VALUES ('rebuild');");
        }
    }
}
