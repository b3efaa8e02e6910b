using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contact_counts",
                columns: table => new
                {
                    opted_out = table.Column<bool>(type: "INTEGER", nullable: false),
                    marketing_opted_out = table.Column<bool>(type: "INTEGER", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_counts", x => new { x.opted_out, x.marketing_opted_out });
                });

            // One row per pair of opt-out flags (all four from the start), moved by triggers in the statement of every change.
            migrationBuilder.Sql("""
                INSERT INTO contact_counts (opted_out, marketing_opted_out, count)
                SELECT f.opted_out, f.marketing_opted_out,
                    (SELECT count(*) FROM contacts AS c WHERE c.opted_out = f.opted_out AND c.marketing_opted_out = f.marketing_opted_out)
                FROM (SELECT 0 AS opted_out, 0 AS marketing_opted_out UNION ALL SELECT 0, 1 UNION ALL SELECT 1, 0 UNION ALL SELECT 1, 1) AS f;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER contacts_counts_ai AFTER INSERT ON contacts BEGIN
                    UPDATE contact_counts SET count = count + 1 WHERE opted_out = new.opted_out AND marketing_opted_out = new.marketing_opted_out;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER contacts_counts_ad AFTER DELETE ON contacts BEGIN
                    UPDATE contact_counts SET count = count - 1 WHERE opted_out = old.opted_out AND marketing_opted_out = old.marketing_opted_out;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER contacts_counts_au AFTER UPDATE OF opted_out, marketing_opted_out ON contacts
                WHEN old.opted_out IS NOT new.opted_out OR old.marketing_opted_out IS NOT new.marketing_opted_out BEGIN
                    UPDATE contact_counts SET count = count - 1 WHERE opted_out = old.opted_out AND marketing_opted_out = old.marketing_opted_out;
                    UPDATE contact_counts SET count = count + 1 WHERE opted_out = new.opted_out AND marketing_opted_out = new.marketing_opted_out;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS contacts_counts_ai;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS contacts_counts_ad;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS contacts_counts_au;");

            migrationBuilder.DropTable(
                name: "contact_counts");
        }
    }
}
