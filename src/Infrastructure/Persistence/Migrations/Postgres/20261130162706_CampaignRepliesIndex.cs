using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CampaignRepliesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The replies of a campaign, counted by its progress every second and by the dashboards' campaign results:
            // built CONCURRENTLY, so a live ledger's writes (the dispatcher, the send results) are never blocked.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_campaign_recipients_campaign_id ON campaign_recipients (campaign_id) WHERE replied_at IS NOT NULL;",
                suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_campaign_recipients_campaign_id;", suppressTransaction: true);
        }
    }
}
