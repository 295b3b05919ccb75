using System.Globalization;
using System.Text;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>Generates a deterministic CSV of recent sample events, so the first start has data for today and a history for the risk index.</summary>
/// <remarks>
/// A fixed seed makes the same days give the same events. The data has a weekly rhythm (more on weekends) and one
/// burst in the east ten days before the end, so the risk index has something for anomaly detection to find.
/// </remarks>
internal static class SampleEventGenerator
{
    private static readonly string[] Regions = ["north", "south", "east", "west"];
    private static readonly string[] Categories = ["protest", "conflict", "displacement", "outage"];

    /// <summary>Writes the CSV text of <paramref name="days"/> days of events ending on <paramref name="lastDay"/>.</summary>
    public static string Generate(DateOnly lastDay, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var random = new Random(20_261_125);
        var csv = new StringBuilder("time,region,level,category,value\n");
        for (var d = days - 1; d >= 0; d--)
        {
            var day = lastDay.AddDays(-d);
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            foreach (var region in Regions)
            {
                var count = random.Next(2, 5) + (weekend ? 2 : 0);
                var burst = d == 10 && region == "east";
                if (burst)
                {
                    count += 12;
                }

                for (var k = 0; k < count; k++)
                {
                    var at = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddSeconds(random.Next(0, 86_400));
                    var level = burst ? 3 : random.Next(1, 4);
                    var value = Math.Round(1 + (random.NextDouble() * (burst ? 80 : 40)), 1);
                    csv.Append(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd'T'HH:mm:ss'Z'},{region},{level},{Categories[random.Next(Categories.Length)]},{value}\n");
                }
            }
        }

        return csv.ToString();
    }
}
