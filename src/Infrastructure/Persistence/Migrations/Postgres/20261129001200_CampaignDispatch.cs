using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CampaignDispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_dispatched_at",
                table: "campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "connection_id",
                table: "campaign_recipients",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "dispatched_at",
                table: "campaign_recipients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "message_id",
                table: "campaign_recipients",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_campaign_recipients_campaign_id_connection_id_dispatched_at",
                table: "campaign_recipients",
                columns: new[] { "campaign_id", "connection_id", "dispatched_at" },
                filter: "dispatched_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_campaign_recipients_message_id",
                table: "campaign_recipients",
                column: "message_id",
                filter: "message_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_campaign_recipients_campaign_id_connection_id_dispatched_at",
                table: "campaign_recipients");

            migrationBuilder.DropIndex(
                name: "ix_campaign_recipients_message_id",
                table: "campaign_recipients");

            migrationBuilder.DropColumn(
                name: "last_dispatched_at",
                table: "campaigns");

            migrationBuilder.DropColumn(
                name: "connection_id",
                table: "campaign_recipients");

            migrationBuilder.DropColumn(
                name: "dispatched_at",
                table: "campaign_recipients");

            migrationBuilder.DropColumn(
                name: "message_id",
                table: "campaign_recipients");
        }
    }
}
