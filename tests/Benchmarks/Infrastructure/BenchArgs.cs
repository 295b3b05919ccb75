using System.Globalization;

namespace Jobs.Benchmarks.Infrastructure;

/// <summary>The command line: <c>&lt;scenario&gt; [--name value]...</c>.</summary>
/// <remarks>
/// Hand-rolled rather than System.CommandLine: every option is an integer (or one word of a fixed set) with a default, and a
/// scenario reads the ones it knows; whatever is left unread afterwards is a typo the user should hear about.
/// </remarks>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private BenchArgs(string scenario) => Scenario = scenario;

    /// <summary>The first argument.</summary>
    public string Scenario { get; }

    /// <summary>The values read so far, by option name, for the report's parameters.</summary>
    public Dictionary<string, long> Parameters { get; } = new(StringComparer.Ordinal);

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("Name a scenario first: throughput, enqueue, latency, progress, scale or stl.");
        }

        var parsed = new BenchArgs(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new UsageException($"Expected an option like --jobs 1000, got '{name}'.");
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"{name} needs a value.");
            }

            if (!parsed._values.TryAdd(name[2..], args[++i]))
            {
                throw new UsageException($"{name} is given twice.");
            }
        }

        return parsed;
    }

    /// <summary>Reads an integer option, checking its range; records it as a parameter of the run.</summary>
    public int Int(string name, int defaultValue, int min = 1, int max = int.MaxValue)
    {
        _read.Add(name);
        var value = defaultValue;
        if (_values.TryGetValue(name, out var text)
            && !int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value))
        {
            throw new UsageException($"--{name} must be a whole number, got '{text}'.");
        }

        if (value < min || value > max)
        {
            throw new UsageException($"--{name} must be between {min} and {max}, got {value}.");
        }

        Parameters[name] = value;
        return value;
    }

    /// <summary>Reads a word option that must be one of <paramref name="allowed"/> (case-insensitive); returns it lower-case.</summary>
    public string Choice(string name, string defaultValue, params string[] allowed)
    {
        _read.Add(name);
        var value = _values.TryGetValue(name, out var text) ? text.ToLowerInvariant() : defaultValue;
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new UsageException($"--{name} must be one of {string.Join(", ", allowed)}, got '{text}'.");
        }

        return value;
    }

    /// <summary>Call after reading every option: an option nobody read is a mistake.</summary>
    public void ThrowIfUnknownOptions()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option --{unknown[0]} for '{Scenario}' (known: {string.Join(", ", _read.Order().Select(r => "--" + r))}).");
        }
    }
}
