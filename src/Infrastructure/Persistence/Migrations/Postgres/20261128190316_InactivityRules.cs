using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InactivityRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "inactivity_close_minutes",
                table: "system_settings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "inactivity_warn_minutes",
                table: "system_settings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "inactivity_close_minutes",
                table: "queues",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "inactivity_warn_minutes",
                table: "queues",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "closed_reason",
                table: "conversations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "inactivity_warned_at",
                table: "conversations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.UpdateData(
                table: "system_settings",
                keyColumn: "id",
                keyValue: 1,
                columns: new[] { "inactivity_close_minutes", "inactivity_warn_minutes" },
                values: new object[] { 0, 0 });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "inactivity_close_minutes",
                table: "system_settings");

            migrationBuilder.DropColumn(
                name: "inactivity_warn_minutes",
                table: "system_settings");

            migrationBuilder.DropColumn(
                name: "inactivity_close_minutes",
                table: "queues");

            migrationBuilder.DropColumn(
                name: "inactivity_warn_minutes",
                table: "queues");

            migrationBuilder.DropColumn(
                name: "closed_reason",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "inactivity_warned_at",
                table: "conversations");
        }
    }
}
