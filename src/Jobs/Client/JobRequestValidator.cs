using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jobs.Configuration;
using Jobs.Handlers;
using Jobs.Model;
using Jobs.Storage;
using Microsoft.Extensions.Options;

namespace Jobs.Client;

/// <summary>Checks job requests and turns them into normalized rows, in dependency order. Nothing is written when any check fails.</summary>
internal sealed partial class JobRequestValidator(JobTypeRegistry types, IOptions<JobEngineOptions> options)
{
    private readonly JobEngineOptions _options = options.Value;

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex QueueName();

    /// <summary>Validates the batch. Returns the rows parents-first and, for each request, its index in that list.</summary>
    /// <exception cref="JobValidationException">Every problem found, by field.</exception>
    public (List<NewJob> Jobs, int[] Order) Validate(IReadOnlyList<JobRequest> requests, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var errors = new Dictionary<string, List<string>>();
        if (requests.Count == 0)
        {
            throw new JobValidationException("requests", "At least one job is required.");
        }

        string Field(int i, string name) => requests.Count == 1 ? name : $"requests[{i}].{name}";
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is null)
            {
                Error(Field(i, "request"), "The request is missing.");
                continue;
            }

            if (requests[i].BatchKey is { } key && !keys.TryAdd(key, i))
            {
                Error(Field(i, "batchKey"), $"'{key}' is used by more than one request of the batch.");
            }
        }

        var jobs = new NewJob?[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is { } r)
            {
                jobs[i] = ValidateOne(r, i, now, keys, (name, message) => Error(Field(i, name), message));
            }
        }

        var order = errors.Count > 0 ? null
            : keys.Count == 0 ? [.. Enumerable.Range(0, requests.Count)] // no batch keys, so no edges inside the batch
            : TopologicalOrder(requests, keys, (name, message) => Error(name, message));
        if (errors.Count > 0 || order is null)
        {
            throw new JobValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        // Rows go parents-first so the writer can resolve batch references by index.
        var position = new int[requests.Count];
        for (var p = 0; p < order.Count; p++)
        {
            position[order[p]] = p;
        }

        var sorted = new List<NewJob>(requests.Count);
        foreach (var i in order)
        {
            var job = jobs[i]!;
            if (job.DependsOn.Count > 0)
            {
                job.DependsOn = [.. job.DependsOn.Select(d => d.BatchIndex is { } b ? d with { BatchIndex = position[b] } : d)];
            }

            sorted.Add(job);
        }

        return (sorted, position);
    }

    private NewJob? ValidateOne(JobRequest r, int index, DateTimeOffset now, Dictionary<string, int> keys, Action<string, string> error)
    {
        var valid = true;
        void Fail(string field, string message)
        {
            valid = false;
            error(field, message);
        }

        JobTypeDescriptor? descriptor = null;
        if (string.IsNullOrWhiteSpace(r.Type))
        {
            Fail("type", "A job type is required.");
        }
        else if (!types.TryGet(r.Type, out descriptor))
        {
            var known = string.Join(", ", types.All.Select(t => t.Name));
            Fail("type", $"Unknown job type '{r.Type}'. Registered types: {(known.Length == 0 ? "(none)" : known)}.");
        }

        var args = string.IsNullOrWhiteSpace(r.Arguments) ? "{}" : r.Arguments;
        if (Encoding.UTF8.GetByteCount(args) > _options.MaxArgumentsBytes)
        {
            Fail("args", $"The arguments are larger than the limit of {_options.MaxArgumentsBytes} bytes (JobEngine:MaxArgumentsBytes).");
        }
        else
        {
            try
            {
                // Reading them as the handler will also proves they are JSON: one parse, not two.
                if (descriptor is not null)
                {
                    JobInvoker.ReadArguments(descriptor, args);
                }
                else
                {
                    using var doc = JsonDocument.Parse(args);
                }
            }
            catch (JsonException ex)
            {
                Fail("args", descriptor is null || !IsJson(args)
                    ? $"The arguments are not valid JSON: {ex.Message}"
                    : $"The arguments do not fit {descriptor.ArgumentsType.Name}: {ex.Message}");
            }
        }

        var queue = string.IsNullOrWhiteSpace(r.Queue) ? "default" : r.Queue;
        if (!QueueName().IsMatch(queue))
        {
            Fail("queue", "A queue name is 1 to 64 letters, digits, '_', '.', ':' or '-'.");
        }

        if (!Enum.IsDefined(r.Priority))
        {
            Fail("priority", "Priority must be low, normal, high or critical.");
        }

        long? runAt = null;
        if (r.RunAt is not null && r.Delay is not null)
        {
            Fail("delay", "Give either runAt or delay, not both.");
        }
        else if (r.Delay is { } delay)
        {
            if (delay < TimeSpan.Zero)
            {
                Fail("delay", "The delay must not be negative.");
            }
            else if (delay > TimeSpan.Zero)
            {
                runAt = now.Add(delay).ToUnixTimeMilliseconds();
            }
        }
        else if (r.RunAt is { } at && at > now)
        {
            runAt = at.ToUnixTimeMilliseconds();
        }

        if (r.MaxRetries is < 0 or > 1000)
        {
            Fail("maxRetries", "Retries must be from 0 to 1000.");
        }

        if (r.RetryDelay is { } rd && rd < TimeSpan.Zero)
        {
            Fail("retryDelay", "The retry delay must not be negative.");
        }

        if (r.RetryBackoff is { } bo && (double.IsNaN(bo) || bo < 1 || bo > 100))
        {
            Fail("retryBackoff", "The back-off factor must be from 1 to 100.");
        }

        if (r.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            Fail("timeout", "The timeout must be positive.");
        }

        var tags = r.Tags ?? [];
        if (tags.Count > 50 || tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 100))
        {
            Fail("tags", "At most 50 tags, each 1 to 100 characters.");
        }

        if (r.Metadata is { } metadata && metadata.Keys.Any(string.IsNullOrWhiteSpace))
        {
            Fail("metadata", "Metadata keys must not be blank.");
        }

        if (r.UniqueKey is { } uniqueKey && (uniqueKey.Length is 0 or > 200))
        {
            Fail("uniqueKey", "A unique key is 1 to 200 characters.");
        }

        var dependencies = new List<NewDependency>();
        var deps = r.DependsOn ?? [];
        for (var k = 0; k < deps.Count; k++)
        {
            var d = deps[k];
            var field = $"dependsOn[{k}]";
            if (d is null || (d.JobId is null) == (d.BatchKey is null))
            {
                Fail(field, "A dependency names either a jobId or a batchKey.");
            }
            else if (!Enum.IsDefined(d.Condition))
            {
                Fail(field, "The condition must be onSuccess, onCompletion or onFailure.");
            }
            else if (d.JobId is { } id)
            {
                if (id <= 0)
                {
                    Fail(field, $"Job id {id} is not valid.");
                }
                else
                {
                    dependencies.Add(new NewDependency(id, null, d.Condition));
                }
            }
            else if (!keys.TryGetValue(d.BatchKey!, out var parent))
            {
                Fail(field, $"No request of this batch has batchKey '{d.BatchKey}'.");
            }
            else if (parent == index)
            {
                Fail(field, "A job cannot depend on itself.");
            }
            else
            {
                dependencies.Add(new NewDependency(null, parent, d.Condition));
            }
        }

        if (!valid)
        {
            return null;
        }

        return new NewJob
        {
            Type = r.Type,
            Queue = queue,
            Priority = r.Priority,
            Arguments = args,
            RunAtMs = runAt,
            MaxRetries = r.MaxRetries ?? _options.MaxRetries,
            RetryDelayMs = (long)(r.RetryDelay ?? _options.RetryDelay).TotalMilliseconds,
            RetryBackoff = r.RetryBackoff ?? _options.RetryBackoff,
            RetryJitter = r.RetryJitter ?? _options.RetryJitter,
            TimeoutMs = (r.Timeout ?? _options.DefaultTimeout) is { } t ? (long)t.TotalMilliseconds : null,
            Tags = [.. tags.Distinct(StringComparer.Ordinal)],
            Metadata = r.Metadata,
            UniqueKey = r.UniqueKey,
            DependsOn = dependencies,
        };
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Orders the batch parents-first (Kahn's algorithm); reports a cycle and returns null when there is one.</summary>
    private static List<int>? TopologicalOrder(IReadOnlyList<JobRequest> requests, Dictionary<string, int> keys, Action<string, string> error)
    {
        var n = requests.Count;
        var incoming = new int[n];
        var children = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            children[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var d in requests[i].DependsOn ?? [])
            {
                if (d.BatchKey is { } key)
                {
                    children[keys[key]].Add(i);
                    incoming[i]++;
                }
            }
        }

        var ready = new Queue<int>(Enumerable.Range(0, n).Where(i => incoming[i] == 0));
        var order = new List<int>(n);
        while (ready.TryDequeue(out var i))
        {
            order.Add(i);
            foreach (var c in children[i])
            {
                if (--incoming[c] == 0)
                {
                    ready.Enqueue(c);
                }
            }
        }

        if (order.Count == n)
        {
            return order;
        }

        var inCycle = Enumerable.Range(0, n).Where(i => incoming[i] > 0).Select(i => requests[i].BatchKey ?? $"#{i}");
        error("dependsOn", $"The dependencies form a cycle among: {string.Join(", ", inCycle)}.");
        return null;
    }
}
