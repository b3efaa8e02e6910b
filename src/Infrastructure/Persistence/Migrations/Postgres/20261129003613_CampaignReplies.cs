using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CampaignReplies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "campaign_id",
                table: "conversations",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "campaign_name",
                table: "conversations",
                type: "character varying(120)",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "replied_at",
                table: "campaign_recipients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sent_at",
                table: "campaign_recipients",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_campaign_id",
                table: "conversations",
                column: "campaign_id")
                .Annotation("Npgsql:CreatedConcurrently", true);

            migrationBuilder.CreateIndex(
                name: "ix_campaign_recipients_campaign_id_sent_at",
                table: "campaign_recipients",
                columns: new[] { "campaign_id", "sent_at" },
                filter: "sent_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_campaign_recipients_phone_sent_at",
                table: "campaign_recipients",
                columns: new[] { "phone", "sent_at" },
                filter: "sent_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_conversations_campaign_id",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "ix_campaign_recipients_campaign_id_sent_at",
                table: "campaign_recipients");

            migrationBuilder.DropIndex(
                name: "ix_campaign_recipients_phone_sent_at",
                table: "campaign_recipients");

            migrationBuilder.DropColumn(
                name: "campaign_id",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "campaign_name",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "replied_at",
                table: "campaign_recipients");

            migrationBuilder.DropColumn(
                name: "sent_at",
                table: "campaign_recipients");
        }
    }
}
