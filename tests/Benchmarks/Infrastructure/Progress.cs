namespace Jobs.Benchmarks.Infrastructure;

/// <summary>Progress lines for the person waiting: on stderr, so stdout stays the table and the closing JSON line.</summary>
internal static class Progress
{
    public static void Line(string text) => Console.Error.WriteLine($"[bench] {text}");
}
