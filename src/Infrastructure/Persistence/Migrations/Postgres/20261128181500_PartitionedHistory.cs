using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <summary>
    /// Monthly range partitioning of messages, message_status_events, webhook_inbox and audit_logs (ADR 0033). The
    /// model does not change: partitioning is physical, written in <see cref="PartitionedTables"/>.
    /// </summary>
    public partial class PartitionedHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PartitionedTables.PartitionAll());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PartitionedTables.UnpartitionAll());
        }
    }
}
