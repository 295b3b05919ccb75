namespace Jobs.Dashboard.Components.Schedules;

/// <summary>The IANA time zone ids this machine knows, for the editor's zone picker.</summary>
/// <remarks>Schedules store IANA ids (<c>Europe/Berlin</c>), which Quartz and the CLI read on every platform; a Windows id is converted.</remarks>
internal static class TimeZoneCatalog
{
    private static readonly Lazy<IReadOnlyList<string>> Ids = new(() =>
    [
        .. TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : null)
            .OfType<string>()
            .Append("UTC")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ]);

    /// <summary>Every known id, sorted.</summary>
    public static IReadOnlyList<string> All => Ids.Value;

    /// <summary>The ids containing <paramref name="text"/> (case-insensitive), best matches first, at most <paramref name="limit"/>.</summary>
    public static IEnumerable<string> Search(string? text, int limit = 50)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return All.Take(limit);
        }

        var term = text.Trim().Replace(' ', '_');
        return All.Where(id => id.Contains(term, StringComparison.OrdinalIgnoreCase))
            .OrderBy(id => id.StartsWith(term, StringComparison.OrdinalIgnoreCase) ? 0 : id.Contains("/" + term, StringComparison.OrdinalIgnoreCase) ? 1 : 2)
            .ThenBy(id => id, StringComparer.Ordinal)
            .Take(limit);
    }
}
