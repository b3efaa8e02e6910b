using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditHashChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "hash",
                table: "audit_logs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "previous_hash",
                table: "audit_logs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "sequence",
                table: "audit_logs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.Sql(AuditLogTriggers.BackfillSequence);

            migrationBuilder.CreateIndex(
                name: "ix_audit_logs_sequence",
                table: "audit_logs",
                column: "sequence",
                unique: true);

            migrationBuilder.Sql(AuditLogTriggers.PostgresCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditLogTriggers.PostgresDrop);

            migrationBuilder.DropIndex(
                name: "ix_audit_logs_sequence",
                table: "audit_logs");

            migrationBuilder.DropColumn(
                name: "hash",
                table: "audit_logs");

            migrationBuilder.DropColumn(
                name: "previous_hash",
                table: "audit_logs");

            migrationBuilder.DropColumn(
                name: "sequence",
                table: "audit_logs");
        }
    }
}
