using Jobs.Series;

namespace Jobs.Anomalies;

/// <summary>The STL period a series' spacing implies, shared by the detection job and the dashboard's anomaly page.</summary>
/// <remarks>The page previews what the job will compute, so both must infer the same period from the same points.</remarks>
public static class SeriesPeriod
{
    /// <summary>A day's worth of points for regular sub-daily spacing, 7 (a week) for daily points, else null (also for fewer than two points).</summary>
    public static int? Infer(IReadOnlyList<SeriesPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            return null;
        }

        var gaps = new double[points.Count - 1];
        for (var i = 1; i < points.Count; i++)
        {
            gaps[i - 1] = (points[i].Timestamp - points[i - 1].Timestamp).TotalMilliseconds;
        }

        var spacing = RobustStatistics.Median(gaps);
        var day = TimeSpan.FromDays(1).TotalMilliseconds;
        if (spacing <= 0)
        {
            return null;
        }

        if (Math.Abs(spacing - day) < 1)
        {
            return 7;
        }

        var perDay = day / spacing;
        return spacing < day && Math.Abs(perDay - Math.Round(perDay)) < 1e-9 && perDay >= 2 ? (int)Math.Round(perDay) : null;
    }
}
