using System.Globalization;
using System.Text.Json;
using Jobs.Client;
using Jobs.Model;

namespace Jobs.BuiltIn.Pipeline;

/// <summary>A pipeline as one document: named steps, each a job type with arguments and the steps it waits for.</summary>
/// <remarks>
/// A step reads an earlier step's rows with <c>"input": {"fromStep": "name"}</c>; that step becomes a dependency
/// even when <see cref="PipelineStep.DependsOn"/> does not list it.
/// </remarks>
public sealed record PipelineDefinition
{
    /// <summary>The pipeline's name: a tag (<c>pipeline:&lt;name&gt;</c>) and metadata on every job. 1 to 64 characters.</summary>
    public string Name { get; init; } = "";

    /// <summary>The queue of every step that names none.</summary>
    public string? Queue { get; init; }

    public IReadOnlyList<PipelineStep> Steps { get; init; } = [];
}

/// <summary>One step of a pipeline.</summary>
public sealed record PipelineStep
{
    /// <summary>Unique within the pipeline.</summary>
    public string Name { get; init; } = "";

    /// <summary>The job type, for example <c>file_ingestion</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>The job's arguments.</summary>
    public JsonElement? Args { get; init; }

    /// <summary>Steps this one waits for (it runs when they succeed).</summary>
    public IReadOnlyList<string>? DependsOn { get; init; }

    public string? Queue { get; init; }
    public JobPriority Priority { get; init; } = JobPriority.Normal;
    public int? MaxRetries { get; init; }
    public TimeSpan? Timeout { get; init; }
}

/// <summary>What a submitted pipeline became: one job per step.</summary>
public sealed record PipelineSubmission(string Name, IReadOnlyList<PipelineStepJob> Steps);

/// <summary>The job of one step.</summary>
public sealed record PipelineStepJob(string Step, string Type, long JobId, JobState State);

/// <summary>Turns a pipeline document into jobs with dependencies, enqueued atomically (all or none).</summary>
/// <remarks>Each job carries the tag <c>pipeline:&lt;name&gt;</c> and the metadata <c>pipeline</c> and <c>pipelineStep</c>, which <c>fromStep</c> inputs are resolved by.</remarks>
public sealed class PipelineSubmitter(IJobClient jobs)
{
    /// <summary>Validates the document and enqueues its steps as one batch.</summary>
    /// <exception cref="JobValidationException">Field-level errors (<c>steps[1].dependsOn</c>, ...); nothing is enqueued.</exception>
    public async Task<PipelineSubmission> SubmitAsync(PipelineDefinition pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(pipeline.Name) || pipeline.Name.Length > 64)
        {
            Error("name", "A pipeline name is 1 to 64 characters.");
        }

        var steps = pipeline.Steps ?? [];
        if (steps.Count == 0)
        {
            Error("steps", "A pipeline has at least one step.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step is null || string.IsNullOrWhiteSpace(step.Name))
            {
                Error(Field(i, "name"), "Every step has a name.");
            }
            else if (!names.Add(step.Name))
            {
                Error(Field(i, "name"), $"'{step.Name}' names more than one step.");
            }
        }

        var requests = new List<JobRequest>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step is null)
            {
                continue;
            }

            var parents = new List<string>(step.DependsOn ?? []);
            if (step.Args is { ValueKind: JsonValueKind.Object } args
                && args.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object
                && input.TryGetProperty("fromStep", out var from) && from.ValueKind == JsonValueKind.String
                && !parents.Contains(from.GetString()!))
            {
                parents.Add(from.GetString()!);
            }

            foreach (var parent in parents)
            {
                if (!names.Contains(parent))
                {
                    Error(Field(i, "dependsOn"), $"No step is named '{parent}'.");
                }
                else if (parent == step.Name)
                {
                    Error(Field(i, "dependsOn"), "A step cannot depend on itself.");
                }
            }

            if (step.Args is { } a && a.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            {
                Error(Field(i, "args"), "Arguments are a JSON object.");
            }

            requests.Add(new JobRequest
            {
                Type = step.Type,
                Arguments = step.Args is { ValueKind: JsonValueKind.Object } o ? o.GetRawText() : null,
                Queue = step.Queue ?? pipeline.Queue,
                Priority = step.Priority,
                MaxRetries = step.MaxRetries,
                Timeout = step.Timeout,
                BatchKey = step.Name,
                Tags = [$"pipeline:{pipeline.Name}"],
                Metadata = new Dictionary<string, string>
                {
                    [InputResolver.PipelineMetadataKey] = pipeline.Name,
                    [InputResolver.StepMetadataKey] = step.Name,
                },
                DependsOn = [.. parents.Where(names.Contains).Where(p => p != step.Name).Select(p => JobDependency.OnBatchJob(p))],
            });
        }

        if (errors.Count > 0)
        {
            throw new JobValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        IReadOnlyList<Model.EnqueueResult> results;
        try
        {
            results = await jobs.EnqueueBatchAsync(requests, cancellationToken);
        }
        catch (JobValidationException ex)
        {
            // The engine names batch fields requests[i].x; a pipeline's caller knows them as steps[i].x.
            throw new JobValidationException(ex.Errors.ToDictionary(e => e.Key.Replace("requests[", "steps[", StringComparison.Ordinal), e => e.Value));
        }

        return new PipelineSubmission(pipeline.Name, [.. steps.Select((s, i) => new PipelineStepJob(s.Name, s.Type, results[i].JobId, results[i].State))]);
    }

    private static string Field(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"steps[{index}].{name}");
}
