using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Client;
using Jobs.Handlers;
using Jobs.Model;

namespace Jobs.BuiltIn.Pipeline;

/// <summary>A block's input, ready to stream.</summary>
/// <param name="Rows">The rows.</param>
/// <param name="Count">How many there are, when known (for progress).</param>
/// <param name="Description">Where they come from, for logs and reports.</param>
internal sealed record ResolvedInput(IAsyncEnumerable<OrderedDictionary<string, object?>> Rows, long? Count, string Description);

/// <summary>Finds a block's input rows: reads a dependency's result through the engine's queries and opens its row-set artifact.</summary>
internal sealed class InputResolver(IJobQueries queries, ArtifactStore artifacts)
{
    /// <summary>The metadata key that names a job's pipeline step.</summary>
    public const string StepMetadataKey = "pipelineStep";

    /// <summary>The metadata key that names a job's pipeline.</summary>
    public const string PipelineMetadataKey = "pipeline";

    public async Task<ResolvedInput> ResolveAsync(InputSource input, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        if (input.Rows is { } rows)
        {
            return new ResolvedInput(Inline(rows, ct), rows.Count, "inline rows");
        }

        var source = input.FromJob is { } id
            ? await queries.GetAsync(id, ct) ?? throw new PipelineInputException(string.Create(CultureInfo.InvariantCulture, $"Input job {id} does not exist."))
            : await FindStepAsync(input.FromStep!, context);
        return Open(source);
    }

    /// <summary>Reads the result of a succeeded job as the row set it announces.</summary>
    public ResolvedInput Open(JobDetails source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var s = source.Summary;
        if (s.State != JobState.Succeeded)
        {
            throw new PipelineInputException(string.Create(CultureInfo.InvariantCulture,
                $"Input job {s.Id} ({s.Type}) is {s.State}, not Succeeded: make this job depend on it so that it runs after it."));
        }

        RowSetResult? result = null;
        try
        {
            result = source.Result is null ? null : JsonSerializer.Deserialize<RowSetResult>(source.Result, JobJson.Options);
        }
        catch (JsonException)
        {
            result = null;
        }

        if (result?.Artifact is not { Length: > 0 } artifact)
        {
            throw new PipelineInputException(string.Create(CultureInfo.InvariantCulture, $"Input job {s.Id} ({s.Type}) has no row set in its result to read."));
        }

        string path;
        try
        {
            path = artifacts.Resolve(artifact);
        }
        catch (ArgumentException ex)
        {
            throw new PipelineInputException(string.Create(CultureInfo.InvariantCulture, $"Input job {s.Id} names an artifact outside the artifacts folder: {artifact}"), ex);
        }

        if (!File.Exists(path))
        {
            throw new PipelineInputException(string.Create(CultureInfo.InvariantCulture, $"The row set of input job {s.Id} ({artifact}) is gone: was it cleaned up?"));
        }

        return new ResolvedInput(RowSetReader.ReadAsync(path, CancellationToken.None), result.Rows, string.Create(CultureInfo.InvariantCulture, $"job {s.Id} ({s.Type})"));
    }

    private async Task<JobDetails> FindStepAsync(string step, IJobContext context)
    {
        var self = await queries.GetAsync(context.JobId, context.CancellationToken)
            ?? throw new PipelineInputException(string.Create(CultureInfo.InvariantCulture, $"Job {context.JobId} cannot read its own record."));
        foreach (var link in self.DependsOn)
        {
            var parent = await queries.GetAsync(link.JobId, context.CancellationToken);
            if (parent is not null && parent.Metadata.TryGetValue(StepMetadataKey, out var name) && name == step)
            {
                return parent;
            }
        }

        throw new PipelineInputException($"input.fromStep: no dependency of this job is the pipeline step '{step}'.");
    }

    private static async IAsyncEnumerable<OrderedDictionary<string, object?>> Inline(IReadOnlyList<JsonElement> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return RowJson.ToRow(row);
        }

        await Task.CompletedTask;
    }
}
