using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsSuite.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueBusinessHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "business_hours",
                table: "queues",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "out_of_hours_replied_at",
                table: "conversations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "queue_business_hours_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    queue_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    old_hours = table.Column<string>(type: "TEXT", nullable: true),
                    new_hours = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_business_hours_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_queue_business_hours_changes_queues_queue_id",
                        column: x => x.queue_id,
                        principalTable: "queues",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_queue_business_hours_changes_queue_id_changed_at",
                table: "queue_business_hours_changes",
                columns: new[] { "queue_id", "changed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "queue_business_hours_changes");

            migrationBuilder.DropColumn(
                name: "business_hours",
                table: "queues");

            migrationBuilder.DropColumn(
                name: "out_of_hours_replied_at",
                table: "conversations");
        }
    }
}
