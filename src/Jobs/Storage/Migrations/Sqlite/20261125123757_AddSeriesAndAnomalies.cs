using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSeriesAndAnomalies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "anomalies",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    series_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ts = table.Column<long>(type: "INTEGER", nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false),
                    expected = table.Column<double>(type: "REAL", nullable: true),
                    score = table.Column<double>(type: "REAL", nullable: false),
                    methods = table.Column<string>(type: "TEXT", nullable: false),
                    severity = table.Column<int>(type: "INTEGER", nullable: false),
                    detected_at = table.Column<long>(type: "INTEGER", nullable: false),
                    job_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anomalies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "series",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_series", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "series_points",
                columns: table => new
                {
                    series_id = table.Column<long>(type: "INTEGER", nullable: false),
                    ts = table.Column<long>(type: "INTEGER", nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_series_points", x => new { x.series_id, x.ts });
                });

            migrationBuilder.CreateIndex(
                name: "ix_anomalies_ts",
                table: "anomalies",
                column: "ts");

            migrationBuilder.CreateIndex(
                name: "ux_anomalies_point",
                table: "anomalies",
                columns: new[] { "series_id", "ts" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_series_name",
                table: "series",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "anomalies");

            migrationBuilder.DropTable(
                name: "series");

            migrationBuilder.DropTable(
                name: "series_points");
        }
    }
}
