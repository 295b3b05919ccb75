using System.Collections.Frozen;
using System.Text.Json;

namespace Jobs.Handlers;

/// <summary>A registered job type: its name, handler class and argument type.</summary>
/// <param name="Name">The name jobs are enqueued by.</param>
/// <param name="HandlerType">The <see cref="IJobHandler{TArgs}"/> implementation.</param>
/// <param name="ArgumentsType">The type the JSON arguments deserialize to.</param>
/// <param name="ResultType">The result type, or null for a handler that returns nothing.</param>
public sealed record JobTypeDescriptor(string Name, Type HandlerType, Type ArgumentsType, Type? ResultType)
{
    /// <summary>Whether the handler has life-cycle hooks (<see cref="IJobLifecycleHooks"/>).</summary>
    /// <remarks>Such jobs never start before their insert commits: the start hook may read the job's own row.</remarks>
    public bool HasLifecycleHooks { get; } = typeof(IJobLifecycleHooks).IsAssignableFrom(HandlerType);
}

/// <summary>The job types this process knows, by name. Built once from DI registrations.</summary>
public sealed class JobTypeRegistry
{
    private readonly FrozenDictionary<string, JobTypeDescriptor> _types;

    /// <summary>Builds the registry from the registered descriptors.</summary>
    /// <exception cref="InvalidOperationException">When two registrations use the same name.</exception>
    public JobTypeRegistry(IEnumerable<JobTypeDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        var map = new Dictionary<string, JobTypeDescriptor>(StringComparer.Ordinal);
        foreach (var d in descriptors)
        {
            if (!map.TryAdd(d.Name, d))
            {
                throw new InvalidOperationException($"Job type '{d.Name}' is registered twice ({map[d.Name].HandlerType.Name} and {d.HandlerType.Name}).");
            }
        }

        _types = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>All registered types, ordered by name.</summary>
    public IReadOnlyList<JobTypeDescriptor> All => [.. _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Looks a type up by name.</summary>
    public bool TryGet(string name, out JobTypeDescriptor descriptor) => _types.TryGetValue(name, out descriptor!);

    /// <summary>The JSON options arguments and results are read and written with (web defaults: camelCase, case-insensitive).</summary>
    public static JsonSerializerOptions SerializerOptions => JobJson.Options;
}
