using System.CommandLine;
using System.Globalization;
using Jobs.Client;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Auth;
using Jobs.Model;

namespace Jobs.Dashboard.Cli;

/// <summary>The <c>dlq</c> verb group: list, retry, purge the dead-letter queue.</summary>
/// <remarks>Retry and purge are recorded in the audit log as <c>cli</c> (<see cref="CliAudit"/>) when they touch a job.</remarks>
internal static class DeadLetterCommand
{
    /// <summary>Builds the group.</summary>
    public static Command Create(CliEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var dlq = new Command("dlq", "The dead-letter queue: jobs whose retries ran out or that failed permanently");
        dlq.Subcommands.Add(List(engine));
        dlq.Subcommands.Add(Retry(engine));
        dlq.Subcommands.Add(Purge(engine));
        return dlq;
    }

    private static Command List(CliEngine engine)
    {
        var type = new Option<string?>("--type") { Description = "Only jobs of this type", HelpName = "T" };
        var limit = new Option<int>("--limit") { Description = "Most jobs to show, 1 to 500", DefaultValueFactory = _ => 50, HelpName = "N" };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after the previous page (its nextCursor)", HelpName = "C" };
        var command = new Command("list", "List dead-lettered jobs, newest first, and how they group by type and error") { type, limit, cursor };
        command.SetAction(async (parse, ct) =>
        {
            var size = JobsCommand.ReadLimit(parse.GetValue(limit));
            var services = await engine.StartAsync(parse, ct);
            var queries = services.GetRequiredService<IJobQueries>();
            var page = await queries.ListAsync(new JobFilter { State = JobState.DeadLettered, Type = parse.GetValue(type) }, parse.GetValue(cursor), size, ct);
            var groups = await queries.DeadLetterGroupsAsync(ct);
            var response = new DeadLetterPageResponse([.. page.Items.Select(JobSummaryResponse.From)], page.NextCursor, groups);
            await new CliOutput(parse).WriteAsync(response, () => groups.Count == 0
                ? "The dead-letter queue is empty."
                : JobsCommand.JobTable(response.Items, response.NextCursor) + "\n\n" + CliOutput.Table(
                    ["TYPE", "ERROR", "COUNT", "LAST FAILED", "SAMPLE"],
                    groups.Select(g => (IReadOnlyList<string>)
                    [
                        g.JobType, g.ErrorType ?? "-", g.Count.ToString(CultureInfo.InvariantCulture), CliOutput.Time(g.LastFailedAt),
                        (g.SampleMessage ?? "").ReplaceLineEndings(" "),
                    ])));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Retry(CliEngine engine)
    {
        var ids = new Argument<long[]>("id") { Description = "Dead-lettered jobs to retry", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Retry every dead-lettered job" };
        var command = new Command("retry", "Retry dead-lettered jobs: the given ids, or --all") { ids, all };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(ids) ?? [];
            var everything = parse.GetValue(all);
            if (everything == given.Length > 0)
            {
                throw new CliUsageException("Give job ids or --all (not both).");
            }

            var services = await engine.StartAsync(parse, ct);
            var count = await services.GetRequiredService<IJobClient>().RetryDeadLetteredAsync(everything ? null : given, ct);
            if (count > 0)
            {
                await CliAudit.RecordAsync(services, AuditActions.DeadLetterRetry, AuditTargets.DeadLetter, targetId: null, AuditDetails.DeadLetterRetried(count, everything ? null : given));
            }

            await new CliOutput(parse).WriteAsync(new CountResponse(count),
                () => string.Create(CultureInfo.InvariantCulture, $"Requeued {count} dead-lettered jobs."));
            if (!everything && count < given.Distinct().Count())
            {
                throw new CliFailureException(string.Create(CultureInfo.InvariantCulture,
                    $"Only {count} of {given.Distinct().Count()} jobs were requeued; the others are not dead-lettered (see 'dlq list')."));
            }

            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Purge(CliEngine engine)
    {
        var olderThan = CliOptions.Duration("--older-than", "Only jobs that were dead-lettered longer ago than this (7d, 12h)");
        var command = new Command("purge", "Delete dead-lettered jobs: all, or those older than --older-than") { olderThan };
        command.SetAction(async (parse, ct) =>
        {
            var services = await engine.StartAsync(parse, ct);
            DateTimeOffset? before = parse.GetValue(olderThan) is { } age ? services.GetRequiredService<TimeProvider>().GetUtcNow() - age : null;
            var count = await services.GetRequiredService<IJobClient>().PurgeDeadLetteredAsync(before, ct);
            if (count > 0)
            {
                await CliAudit.RecordAsync(services, AuditActions.DeadLetterPurge, AuditTargets.DeadLetter, targetId: null,
                    AuditDetails.DeadLetterPurged(count, parse.GetResult(olderThan)?.Tokens is [{ } token] ? token.Value : null));
            }

            await new CliOutput(parse).WriteAsync(new CountResponse(count),
                () => string.Create(CultureInfo.InvariantCulture, $"Purged {count} dead-lettered jobs."));
            return CliExitCodes.Ok;
        });
        return command;
    }
}
