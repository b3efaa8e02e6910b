using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
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
                    opted_out = table.Column<bool>(type: "boolean", nullable: false),
                    marketing_opted_out = table.Column<bool>(type: "boolean", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_counts", x => new { x.opted_out, x.marketing_opted_out });
                });

            // One row per pair of opt-out flags, moved by a trigger that runs when the changing transaction commits: the
            // row is locked from then to the commit's end only, so transactions that create contacts at once (webhook
            // batches on several instances) do not wait for each other's whole work. The four rows exist from the start,
            // so the trigger only updates. The table is locked while the rows are counted, so no change is missed.
            migrationBuilder.Sql("""
                CREATE FUNCTION contact_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.opted_out = NEW.opted_out AND OLD.marketing_opted_out = NEW.marketing_opted_out THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        UPDATE contact_counts SET count = count - 1
                        WHERE opted_out = OLD.opted_out AND marketing_opted_out = OLD.marketing_opted_out;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        UPDATE contact_counts SET count = count + 1
                        WHERE opted_out = NEW.opted_out AND marketing_opted_out = NEW.marketing_opted_out;
                    END IF;
                    RETURN NULL;
                END
                $$;
                LOCK TABLE contacts IN SHARE ROW EXCLUSIVE MODE;
                CREATE CONSTRAINT TRIGGER contacts_counts AFTER INSERT OR DELETE OR UPDATE OF opted_out, marketing_opted_out ON contacts
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION contact_counts_apply();
                INSERT INTO contact_counts (opted_out, marketing_opted_out, count)
                SELECT f.opted_out, f.marketing_opted_out, count(c.id)
                FROM (VALUES (false, false), (false, true), (true, false), (true, true)) AS f (opted_out, marketing_opted_out)
                LEFT JOIN contacts AS c ON c.opted_out = f.opted_out AND c.marketing_opted_out = f.marketing_opted_out
                GROUP BY f.opted_out, f.marketing_opted_out;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS contacts_counts ON contacts;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS contact_counts_apply();");

            migrationBuilder.DropTable(
                name: "contact_counts");
        }
    }
}
