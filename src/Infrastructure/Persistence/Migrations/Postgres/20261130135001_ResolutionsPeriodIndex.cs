using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ResolutionsPeriodIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The dashboards' statistics read a period's closings by queue or agent, ordered by length (ADR 0056): with
            // those columns in the index the read never visits the table. Built before the plain index is dropped, and
            // both CONCURRENTLY, so a live database keeps an index for the period and its writes are never blocked.
            migrationBuilder.Sql(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_dashboard_resolutions_period ON dashboard_resolutions (closed_at) INCLUDE (queue_id, agent_id, seconds);",
                suppressTransaction: true);
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_resolutions_closed_at;", suppressTransaction: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_dashboard_resolutions_closed_at",
                table: "dashboard_resolutions",
                column: "closed_at");
            migrationBuilder.Sql("DROP INDEX CONCURRENTLY IF EXISTS ix_dashboard_resolutions_period;", suppressTransaction: true);
        }
    }
}
