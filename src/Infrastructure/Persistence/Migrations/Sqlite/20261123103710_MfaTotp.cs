using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MfaTotp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "mfa_challenge_expires_at",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mfa_challenge_hash",
                table: "users",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "mfa_enabled",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "mfa_last_used_step",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mfa_recovery_code_hashes",
                table: "users",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mfa_secret",
                table: "users",
                type: "TEXT",
                maxLength: 512,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "mfa_challenge_expires_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "mfa_challenge_hash",
                table: "users");

            migrationBuilder.DropColumn(
                name: "mfa_enabled",
                table: "users");

            migrationBuilder.DropColumn(
                name: "mfa_last_used_step",
                table: "users");

            migrationBuilder.DropColumn(
                name: "mfa_recovery_code_hashes",
                table: "users");

            migrationBuilder.DropColumn(
                name: "mfa_secret",
                table: "users");
        }
    }
}
