namespace Jobs.Dashboard.Components.Shared;

/// <summary>How errors are named in tight places.</summary>
internal static class ErrorText
{
    /// <summary>An exception type without its namespace (the full name goes in a tooltip); "(none)" when there is none.</summary>
    public static string ShortType(string? fullName)
    {
        if (string.IsNullOrEmpty(fullName))
        {
            return "(none)";
        }

        var dot = fullName.LastIndexOf('.');
        return dot >= 0 && dot < fullName.Length - 1 ? fullName[(dot + 1)..] : fullName;
    }
}
