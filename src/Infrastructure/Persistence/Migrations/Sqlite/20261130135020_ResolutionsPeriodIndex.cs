using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResolutionsPeriodIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dashboards' statistics read a period's closings by queue or agent with their length (ADR 0056): an
            // index holding those columns after the closing time answers the read without the table.
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_dashboard_resolutions_period ON dashboard_resolutions (closed_at, queue_id, agent_id, seconds);");
            migrationBuilder.DropIndex(
                name: "ix_dashboard_resolutions_closed_at",
                table: "dashboard_resolutions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dashboard_resolutions_closed_at",
                table: "dashboard_resolutions",
                column: "closed_at");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_dashboard_resolutions_period;");
        }
    }
}
