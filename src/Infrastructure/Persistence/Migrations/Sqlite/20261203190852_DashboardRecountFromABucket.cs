using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardRecountFromABucket : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "connection_id",
                table: "dashboard_recounted_conversations",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<long>(
                name: "open_bucket",
                table: "dashboard_recounted_conversations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "queue_id",
                table: "dashboard_recounted_conversations",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<long>(
                name: "recount_from",
                table: "conversations",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "connection_id",
                table: "dashboard_recounted_conversations");

            migrationBuilder.DropColumn(
                name: "open_bucket",
                table: "dashboard_recounted_conversations");

            migrationBuilder.DropColumn(
                name: "queue_id",
                table: "dashboard_recounted_conversations");

            migrationBuilder.DropColumn(
                name: "recount_from",
                table: "conversations");
        }
    }
}
