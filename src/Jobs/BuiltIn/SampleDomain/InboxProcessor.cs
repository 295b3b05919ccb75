using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>What became of one inbox file.</summary>
/// <param name="File">Its name in the inbox.</param>
/// <param name="Status"><c>loaded</c>, <c>duplicate</c> (its content was loaded before) or <c>rejected</c>.</param>
/// <param name="Events">Events loaded from it.</param>
/// <param name="Reason">Why it was rejected or skipped.</param>
public sealed record InboxFileOutcome(string File, string Status, int Events, string? Reason = null);

/// <summary>The result of an <c>etl</c> run.</summary>
public sealed record EtlResult(int FilesLoaded, int FilesDuplicate, int FilesRejected, int EventsLoaded, IReadOnlyList<InboxFileOutcome> Files);

/// <summary>The ETL over the inbox: extract (parse), validate and transform (normalize), load (one transaction per file), then move the file.</summary>
/// <remarks>
/// Idempotent by content hash: a file whose SHA-256 is in <c>inbox_files</c> is never loaded again. The events and
/// the hash commit together, and the file moves only after the commit, so a crash between the two leaves a file
/// that the next run recognises as loaded and just moves. A file with any invalid line is rejected whole (moved to
/// <c>rejected/</c> with a <c>.reason.txt</c> listing every bad line), so nothing is half-loaded and nothing is lost.
/// </remarks>
internal sealed class InboxProcessor(
    IDbContextFactory<SampleDomainDbContext> contexts,
    SampleDomainSchema schema,
    SampleDomainPaths paths,
    TimeProvider time,
    ILogger<InboxProcessor> logger) : IDisposable
{
    // One inbox pass at a time in this process: an etl job and a refresh's ingestion step must not race for a file.
    private readonly SemaphoreSlim _pass = new(1, 1);

    public void Dispose() => _pass.Dispose();

    /// <summary>Processes every file waiting in the inbox, oldest name first.</summary>
    /// <param name="progress">Receives the fraction done (0 to 1) and a message after each file.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    public async Task<EtlResult> ProcessAsync(Action<double, string>? progress, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await _pass.WaitAsync(cancellationToken);
        try
        {
            return await ProcessInboxAsync(progress, cancellationToken);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<EtlResult> ProcessInboxAsync(Action<double, string>? progress, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(paths.Inbox)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) && !f.EndsWith(".part", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var outcomes = new List<InboxFileOutcome>();
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await ProcessFileAsync(files[i], cancellationToken);
            outcomes.Add(outcome);
            progress?.Invoke((i + 1.0) / files.Count, string.Create(CultureInfo.InvariantCulture, $"{outcome.File}: {outcome.Status} ({i + 1} of {files.Count})"));
        }

        progress?.Invoke(1, files.Count == 0 ? "Inbox is empty" : "Inbox processed");
        return new EtlResult(
            outcomes.Count(o => o.Status == "loaded"),
            outcomes.Count(o => o.Status == "duplicate"),
            outcomes.Count(o => o.Status == "rejected"),
            outcomes.Sum(o => o.Events),
            outcomes);
    }

    private async Task<InboxFileOutcome> ProcessFileAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var hash = await HashAsync(path, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.LoadedFiles.AnyAsync(f => f.ContentHash == hash, cancellationToken))
        {
            MoveTo(path, paths.Processed, hash, time);
            logger.LogInformation("Inbox file {File} was loaded before (same content); moved to processed without loading", name);
            return new InboxFileOutcome(name, "duplicate", 0, "The same content was loaded before.");
        }

        var parsed = await EventFileParser.ParseAsync(path, cancellationToken);
        if (parsed.Errors.Count > 0 || parsed.Events.Count == 0)
        {
            var errors = parsed.Errors.Count > 0 ? parsed.Errors : ["The file holds no events."];
            var moved = MoveTo(path, paths.Rejected, hash, time);
            await File.WriteAllLinesAsync(moved + ".reason.txt", [
                string.Create(CultureInfo.InvariantCulture, $"Rejected {time.GetUtcNow():O}: {errors.Count} problem(s); nothing from this file was loaded."),
                .. errors,
            ], cancellationToken);
            logger.LogWarning("Inbox file {File} rejected: {Problems} problem(s), first: {First}", name, errors.Count, errors[0]);
            return new InboxFileOutcome(name, "rejected", 0, errors.Count == 1 ? errors[0] : string.Create(CultureInfo.InvariantCulture, $"{errors[0]} (and {errors.Count - 1} more)"));
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Events.AddRange(parsed.Events.Select(e => new SampleEvent
            {
                OccurredAt = e.OccurredAt,
                Day = DateOnly.FromDateTime(e.OccurredAt),
                Region = e.Region,
                Level = e.Level,
                Category = e.Category,
                Value = e.Value,
                SourceHash = hash,
                SourceLine = e.Line,
            }));
            db.LoadedFiles.Add(new LoadedFile { ContentHash = hash, FileName = name, LoadedAt = now, Events = parsed.Events.Count });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Committed: from here a crash leaves a file the next run recognises as loaded.
        MoveTo(path, paths.Processed, hash, time);
        logger.LogInformation("Inbox file {File}: loaded {Events} events", name, parsed.Events.Count);
        return new InboxFileOutcome(name, "loaded", parsed.Events.Count);
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Moves a file into <paramref name="folder"/>, keeping its name unless taken (then the hash's start is added).</summary>
    /// <remarks>The file's write time becomes the time it was moved: <c>cleanup</c> ages processed files from then, not from when they were written.</remarks>
    private static string MoveTo(string path, string folder, string hash, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        var name = Path.GetFileName(path);
        var target = Path.Combine(folder, name);
        if (File.Exists(target))
        {
            target = Path.Combine(folder, string.Concat(Path.GetFileNameWithoutExtension(name), ".", hash.AsSpan(0, 12), Path.GetExtension(name)));
        }

        File.Move(path, target, overwrite: true);
        File.SetLastWriteTimeUtc(target, time.GetUtcNow().UtcDateTime);
        return target;
    }
}
