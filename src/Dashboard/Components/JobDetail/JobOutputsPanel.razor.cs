using System.Globalization;
using System.Text;
using Jobs.BuiltIn.Artifacts;
using Jobs.Client;
using Jobs.Dashboard.Components.Live;
using Jobs.Dashboard.Components.Shared;
using Jobs.Events;
using Jobs.Model;
using Microsoft.AspNetCore.Components;

namespace Jobs.Dashboard.Components.JobDetail;

/// <summary>On the job page: the chain of steps the job belongs to (its whole dependency graph, in run order, states live) and its artifacts.</summary>
/// <remarks>
/// The chain is found by walking dependencies both ways from the job, not by the <c>pipeline:&lt;name&gt;</c> tag,
/// so two submissions of the same pipeline never mix and chains built by hand with <c>dependsOn</c> show too.
/// State chips follow job events at once; the artifact list is re-read when the job itself finishes, which is
/// when its files are complete. Files are served by the artifact endpoints (<c>/api/jobs/{id}/artifacts/{name}</c>).
/// </remarks>
public sealed partial class JobOutputsPanel : LiveComponentBase
{
    /// <summary>The metadata key holding a pipeline job's step name (set by the pipeline submitter).</summary>
    internal const string StepMetadataKey = "pipelineStep";

    /// <summary>The metadata key holding a pipeline job's pipeline name (set by the pipeline submitter).</summary>
    internal const string PipelineMetadataKey = "pipeline";

    /// <summary>Most jobs of a chain read and shown; a larger graph shows the nearest ones.</summary>
    internal const int MaxChainJobs = 50;

    /// <summary>Most bytes of a text artifact shown inline.</summary>
    internal const int MaxInlineBytes = 64 * 1024;

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase) { ".txt", ".csv", ".json", ".jsonl", ".ndjson", ".log", ".md", ".xml", ".svg" };

    private readonly CancellationTokenSource _stop = new();
    private List<ChainStep> _chain = [];
    private bool _chainTruncated;
    private string? _pipelineName;
    private IReadOnlyList<ArtifactInfo> _artifacts = [];
    private string? _artifactError;
    private string? _shown;
    private string _shownText = "";
    private bool _shownTruncated;
    private long _loadedId;
    private JobState? _lastState;

    /// <summary>The job shown.</summary>
    [Parameter] public long JobId { get; set; }

    [Inject] private IJobQueries Queries { get; set; } = default!;

    [Inject] private ArtifactStore Artifacts { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedId == JobId)
        {
            return;
        }

        _loadedId = JobId;
        _shown = null;
        FollowJobs();
        await LoadChainAsync();
        LoadArtifacts();
    }

    protected override async Task OnJobEventsAsync(JobEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Overflowed)
        {
            await LoadChainAsync();
            LoadArtifacts();
            return;
        }

        foreach (var change in batch.Events)
        {
            var index = _chain.FindIndex(s => s.JobId == change.JobId);
            if (index >= 0)
            {
                _chain[index] = _chain[index] with { State = change.State };
            }

            if (change.JobId == JobId && change.State != _lastState)
            {
                _lastState = change.State;
                if (change.State.IsFinal())
                {
                    LoadArtifacts();
                }
            }
        }
    }

    private async Task LoadChainAsync()
    {
        try
        {
            var (chain, truncated, pipeline) = await ReadChainAsync(JobId, _stop.Token);
            _chain = chain;
            _chainTruncated = truncated;
            _pipelineName = pipeline;
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            // The page above shows the store's error; the chain stays as it was.
        }
    }

    /// <summary>Reads the job's dependency graph breadth-first (nearest jobs first) and orders it by run order.</summary>
    private async Task<(List<ChainStep> Chain, bool Truncated, string? Pipeline)> ReadChainAsync(long jobId, CancellationToken cancellationToken)
    {
        var start = await Queries.GetAsync(jobId, cancellationToken);
        if (start is null || (start.DependsOn.Count == 0 && start.Dependents.Count == 0))
        {
            _lastState = start?.Summary.State;
            return ([], false, null);
        }

        _lastState = start.Summary.State;
        var found = new Dictionary<long, JobDetails> { [jobId] = start };
        var queue = new Queue<long>([jobId]);
        var truncated = false;
        while (queue.TryDequeue(out var id))
        {
            var job = found[id];
            foreach (var link in job.DependsOn.Concat(job.Dependents))
            {
                if (found.ContainsKey(link.JobId))
                {
                    continue;
                }

                if (found.Count >= MaxChainJobs)
                {
                    truncated = true;
                    continue;
                }

                // A neighbour deleted meanwhile (retention) just drops out of the chain.
                if (await Queries.GetAsync(link.JobId, cancellationToken) is { } neighbour)
                {
                    found[link.JobId] = neighbour;
                    queue.Enqueue(link.JobId);
                }
            }
        }

        // Run order: a step's depth is one more than its deepest parent's (the graph is acyclic: the engine refuses cycles).
        var depth = new Dictionary<long, int>();
        int DepthOf(long id)
        {
            if (depth.TryGetValue(id, out var known))
            {
                return known;
            }

            var parents = found[id].DependsOn.Where(l => found.ContainsKey(l.JobId)).ToList();
            return depth[id] = parents.Count == 0 ? 0 : parents.Max(p => DepthOf(p.JobId)) + 1;
        }

        var chain = found.Values
            .Select(d => new ChainStep(d.Summary.Id, d.Metadata.GetValueOrDefault(StepMetadataKey) is { } step ? $"{step} ({d.Summary.Type})" : d.Summary.Type, d.Summary.State, DepthOf(d.Summary.Id)))
            .OrderBy(s => s.Depth).ThenBy(s => s.JobId)
            .ToList();
        return (chain, truncated, start.Metadata.GetValueOrDefault(PipelineMetadataKey));
    }

    private void LoadArtifacts()
    {
        try
        {
            _artifacts = Artifacts.List(JobId);
            _artifactError = null;
        }
        catch (IOException ex)
        {
            _artifactError = $"The artifacts folder could not be read: {ex.Message}";
        }
        catch (UnauthorizedAccessException ex)
        {
            _artifactError = $"The artifacts folder could not be read: {ex.Message}";
        }
    }

    private async Task ToggleAsync(string name)
    {
        if (_shown == name)
        {
            _shown = null;
            return;
        }

        _shown = name;
        _shownText = "";
        _shownTruncated = false;
        if (ViewOf(name) == ArtifactView.Text && Artifacts.Find(JobId, name) is { } path)
        {
            // Only the head of a large file: the page stays light, the download has the rest.
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            var buffer = new byte[MaxInlineBytes];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), _stop.Token)) > 0)
            {
                read += n;
            }

            _shownTruncated = stream.Length > read;
            _shownText = Encoding.UTF8.GetString(buffer, 0, read);
        }
    }

    /// <summary>How an artifact can be shown on the page.</summary>
    internal static ArtifactView ViewOf(string name)
    {
        var extension = Path.GetExtension(name);
        return extension.Equals(".html", StringComparison.OrdinalIgnoreCase) || extension.Equals(".htm", StringComparison.OrdinalIgnoreCase)
            ? ArtifactView.Html
            : TextExtensions.Contains(extension) ? ArtifactView.Text : ArtifactView.None;
    }

    private string ViewUrl(string name) => string.Create(CultureInfo.InvariantCulture, $"/api/jobs/{JobId}/artifacts/{Uri.EscapeDataString(name)}");

    private string DownloadUrl(string name) => ViewUrl(name) + "?download=true";

    /// <summary>A size in B, KiB or MiB, as people read it.</summary>
    internal static string SizeText(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
        }

        base.Dispose(disposing);
    }

    /// <summary>One job of the chain.</summary>
    private sealed record ChainStep(long JobId, string Label, JobState State, int Depth);

    /// <summary>How an artifact is shown inline.</summary>
    internal enum ArtifactView
    {
        /// <summary>Download only.</summary>
        None,
        /// <summary>In a sandboxed frame.</summary>
        Html,
        /// <summary>As text (its head).</summary>
        Text,
    }
}
