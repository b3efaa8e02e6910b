using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PresenceIntervals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "presence_intervals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    availability = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_presence_intervals", x => x.id);
                });

            // The stretches of a period, read by their end with what the dashboards' sum needs, so the read never visits
            // the table (ADR 0057).
            migrationBuilder.Sql("CREATE INDEX ix_presence_intervals_period ON presence_intervals (ended_at) INCLUDE (started_at, user_id, availability);");

            migrationBuilder.CreateIndex(
                name: "ix_presence_intervals_user_id_started_at_availability",
                table: "presence_intervals",
                columns: new[] { "user_id", "started_at", "availability" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "presence_intervals");
        }
    }
}
