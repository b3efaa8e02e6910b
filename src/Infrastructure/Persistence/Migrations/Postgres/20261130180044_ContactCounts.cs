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
            // rows are locked from then to the commit's end only, so transactions that create contacts at once (webhook
            // batches on several instances) do not wait for each other's whole work. The first change of a transaction
            // locks all four rows in key order, so two transactions moving contacts in opposite directions (a marketing
            // stop against a resume) never hold one row each while waiting for the other. The table is locked while the
            // rows are counted, so no change is missed.
            migrationBuilder.Sql("""
                CREATE FUNCTION contact_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.opted_out = NEW.opted_out AND OLD.marketing_opted_out = NEW.marketing_opted_out THEN
                        RETURN NULL;
                    END IF;
                    PERFORM 1 FROM contact_counts ORDER BY opted_out, marketing_opted_out FOR UPDATE;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        INSERT INTO contact_counts (opted_out, marketing_opted_out, count) VALUES (OLD.opted_out, OLD.marketing_opted_out, -1)
                        ON CONFLICT (opted_out, marketing_opted_out) DO UPDATE SET count = contact_counts.count - 1;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO contact_counts (opted_out, marketing_opted_out, count) VALUES (NEW.opted_out, NEW.marketing_opted_out, 1)
                        ON CONFLICT (opted_out, marketing_opted_out) DO UPDATE SET count = contact_counts.count + 1;
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
