using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Jobs.BuiltIn.Pipeline;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Auth;

namespace Jobs.Dashboard.Cli;

/// <summary>The <c>pipelines</c> verb group: submit a pipeline document from a file.</summary>
/// <remarks>
/// Reads the same JSON as <c>POST /api/pipelines</c> and goes through the same <see cref="PipelineSubmitter"/>, so a
/// document that one accepts the other accepts too. A bad file or document exits 2 with one line and enqueues nothing
/// (the submitter's batch is all or none); a submission is recorded in the audit log as <c>cli</c>.
/// </remarks>
internal static class PipelinesCommand
{
    /// <summary>Builds the group.</summary>
    public static Command Create(CliEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var pipelines = new Command("pipelines", "Pipelines: steps that run as jobs chained by their dependencies");
        pipelines.Subcommands.Add(Submit(engine));
        return pipelines;
    }

    private static Command Submit(CliEngine engine)
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "The pipeline document (JSON: name, queue, steps)", HelpName = "FILE", Required = true };
        var command = new Command("submit", "Submit a pipeline document; prints each step's job id") { file };
        command.SetAction(async (parse, ct) =>
        {
            var pipeline = await ReadAsync(parse.GetValue(file)!, ct);
            var services = await engine.StartAsync(parse, ct);
            var submission = await services.GetRequiredService<PipelineSubmitter>().SubmitAsync(pipeline, ct);
            await CliAudit.RecordAsync(services, AuditActions.PipelineSubmit, AuditTargets.Pipeline, submission.Name, AuditDetails.PipelineSubmitted(submission));
            await new CliOutput(parse).WriteAsync(submission, () => CliOutput.Table(
                ["STEP", "TYPE", "JOB", "STATE"],
                submission.Steps.Select(s => (IReadOnlyList<string>)[s.Step, s.Type, s.JobId.ToString(CultureInfo.InvariantCulture), JobStateText.ToText(s.State)])));
            return CliExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads and parses the document; a missing file or malformed JSON is bad input (exit 2), named in one line.</summary>
    internal static async Task<PipelineDefinition> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"--file: no file at {file.FullName}.");
        }

        try
        {
            await using var stream = file.OpenRead();
            return await JsonSerializer.DeserializeAsync<PipelineDefinition>(stream, ApiJson.Cli, cancellationToken)
                ?? throw new CliUsageException($"--file: {file.Name} holds JSON null; a pipeline is an object with name and steps.");
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"--file: {file.Name} is not a pipeline document: {ex.Message}");
        }
    }
}
