using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Jobs.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "job_dependencies",
                columns: table => new
                {
                    child_id = table.Column<long>(type: "bigint", nullable: false),
                    parent_id = table.Column<long>(type: "bigint", nullable: false),
                    condition = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_dependencies", x => new { x.child_id, x.parent_id });
                });

            migrationBuilder.CreateTable(
                name: "job_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_id = table.Column<long>(type: "bigint", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_logs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "job_state_counts",
                columns: table => new
                {
                    state = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_state_counts", x => x.state);
                });

            migrationBuilder.CreateTable(
                name: "job_tags",
                columns: table => new
                {
                    tag = table.Column<string>(type: "text", nullable: false),
                    job_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_tags", x => new { x.tag, x.job_id });
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    type = table.Column<string>(type: "text", nullable: false),
                    queue = table.Column<string>(type: "text", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    args = table.Column<string>(type: "text", nullable: true),
                    result = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    run_at = table.Column<long>(type: "bigint", nullable: true),
                    started_at = table.Column<long>(type: "bigint", nullable: true),
                    finished_at = table.Column<long>(type: "bigint", nullable: true),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    retry_count = table.Column<int>(type: "integer", nullable: false),
                    max_retries = table.Column<int>(type: "integer", nullable: false),
                    retry_delay_ms = table.Column<long>(type: "bigint", nullable: false),
                    retry_backoff = table.Column<double>(type: "double precision", nullable: false),
                    retry_jitter = table.Column<bool>(type: "boolean", nullable: false),
                    timeout_ms = table.Column<long>(type: "bigint", nullable: true),
                    owner = table.Column<string>(type: "text", nullable: true),
                    lease_until = table.Column<long>(type: "bigint", nullable: true),
                    lease_version = table.Column<long>(type: "bigint", nullable: false),
                    cancel_requested = table.Column<bool>(type: "boolean", nullable: false),
                    unique_key = table.Column<string>(type: "text", nullable: true),
                    tags = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "text", nullable: true),
                    progress = table.Column<double>(type: "double precision", nullable: true),
                    progress_message = table.Column<string>(type: "text", nullable: true),
                    progress_current = table.Column<long>(type: "bigint", nullable: true),
                    progress_total = table.Column<long>(type: "bigint", nullable: true),
                    last_error_type = table.Column<string>(type: "text", nullable: true),
                    last_error_message = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    history = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "nodes",
                columns: table => new
                {
                    owner = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    host = table.Column<string>(type: "text", nullable: false),
                    process_id = table.Column<int>(type: "integer", nullable: false),
                    workers = table.Column<int>(type: "integer", nullable: false),
                    running = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<long>(type: "bigint", nullable: false),
                    last_heartbeat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nodes", x => x.owner);
                });

            migrationBuilder.InsertData(
                table: "job_state_counts",
                columns: new[] { "state", "count" },
                values: new object[,]
                {
                    { 0, 0L },
                    { 1, 0L },
                    { 2, 0L },
                    { 3, 0L },
                    { 4, 0L },
                    { 5, 0L },
                    { 6, 0L },
                    { 7, 0L }
                });

            migrationBuilder.CreateIndex(
                name: "ix_job_dependencies_parent",
                table: "job_dependencies",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_job_logs_job",
                table: "job_logs",
                columns: new[] { "job_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_job_tags_job",
                table: "job_tags",
                column: "job_id");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_cancel_requested",
                table: "jobs",
                column: "cancel_requested",
                filter: "cancel_requested");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_claimable",
                table: "jobs",
                columns: new[] { "priority", "id" },
                descending: new[] { true, false },
                filter: "state = 2 AND owner IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_due",
                table: "jobs",
                column: "run_at",
                filter: "state IN (0, 5)");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_finished",
                table: "jobs",
                column: "finished_at",
                filter: "finished_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_lease",
                table: "jobs",
                columns: new[] { "owner", "lease_until" },
                filter: "owner IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_queue_id",
                table: "jobs",
                columns: new[] { "queue", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_state_id",
                table: "jobs",
                columns: new[] { "state", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_type_id",
                table: "jobs",
                columns: new[] { "type", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_jobs_unique_key",
                table: "jobs",
                column: "unique_key",
                unique: true,
                filter: "unique_key IS NOT NULL AND state IN (0, 1, 2, 3, 5)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_dependencies");

            migrationBuilder.DropTable(
                name: "job_logs");

            migrationBuilder.DropTable(
                name: "job_state_counts");

            migrationBuilder.DropTable(
                name: "job_tags");

            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "nodes");
        }
    }
}
