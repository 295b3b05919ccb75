using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Jobs.Benchmarks.Infrastructure;

/// <summary>What the figures were measured on: they mean little without it.</summary>
internal static class MachineInfo
{
    public static JsonObject Describe() => new()
    {
        ["cores"] = Environment.ProcessorCount,
        ["cpu"] = CpuModel(),
        ["os"] = RuntimeInformation.OSDescription,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        // Every system in this process shares one native SQLite (the peers' packages pick it); say which.
        ["sqlite"] = SqliteVersion(),
        ["memoryGiB"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        ["date"] = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return command.ExecuteScalar() as string ?? "?";
    }
}
