using Jobs.Configuration;
using Microsoft.Extensions.Options;

namespace Jobs.Processing;

/// <summary>Who this process is among the nodes that share a store.</summary>
/// <remarks>
/// <see cref="Owner"/> is unique per process start: a restarted node must not mistake the leases of
/// its crashed predecessor for its own, so they expire and are re-run like any other node's.
/// </remarks>
internal sealed class NodeIdentity(IOptions<JobEngineOptions> options)
{
    /// <summary>The configured node name (defaults to the machine name).</summary>
    public string Name { get; } = string.IsNullOrWhiteSpace(options.Value.NodeName) ? Environment.MachineName : options.Value.NodeName;

    /// <summary>The lease owner written on claimed jobs: name, process id and a random suffix.</summary>
    public string Owner => _owner ??= $"{Name}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    private string? _owner;
}
