using System.Text.Json;
using Jobs.BuiltIn.Pipeline;
using Jobs.BuiltIn.Pipeline.Analysis;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Client;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.BuiltIn;

public sealed class PipelineSubmitterTests
{
    private static PipelineDefinition Parse(string json) => JsonSerializer.Deserialize<PipelineDefinition>(json, JobJson.Options)!;

    [Fact]
    public async Task Submit_TurnsStepsIntoDependentJobs_ThatPassRowsAlong()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.WriteDataFileAsync("orders.csv", "region,amount\nnorth,10\nsouth,-1\nnorth,5\nsouth,4\n");
        var submitter = engine.Host.Services.GetRequiredService<PipelineSubmitter>();
        var submission = await submitter.SubmitAsync(Parse("""
            {"name":"orders","steps":[
              {"name":"load","type":"file_ingestion","args":{"path":"orders.csv"}},
              {"name":"clean","type":"data_validation","args":{"input":{"fromStep":"load"},"schema":{"amount":{"type":"int","min":0}},"onInvalid":"skip"}},
              {"name":"totals","type":"data_aggregation","args":{"input":{"fromStep":"clean"},"groupBy":["region"],"aggregations":{"amount":"sum"}}},
              {"name":"report","type":"report_generation","args":{"input":{"fromStep":"totals"},"title":"Orders","chart":{"type":"bar","x":"region","y":"amount"}}}
            ]}
            """), TestContext.Current.CancellationToken);
        Assert.Equal(["load", "clean", "totals", "report"], submission.Steps.Select(s => s.Step));
        Assert.Equal(JobState.AwaitingDependencies, submission.Steps[3].State);

        var report = await engine.WaitForFinalAsync(submission.Steps[3].JobId);
        Assert.Equal(2, BuiltInEngine.Result<ReportResult>(report).Rows);
        var totals = BuiltInEngine.Result<RowSetResult>((await engine.Queries.GetAsync(submission.Steps[2].JobId, TestContext.Current.CancellationToken))!);
        Assert.Equal(["""{"region":"north","amount":15}""", """{"region":"south","amount":4}"""], engine.ReadArtifactLines(totals.Artifact));

        // The chain shows as dependencies, and every step carries its pipeline and step name.
        var clean = (await engine.Queries.GetAsync(submission.Steps[1].JobId, TestContext.Current.CancellationToken))!;
        Assert.Equal(submission.Steps[0].JobId, Assert.Single(clean.DependsOn).JobId);
        Assert.Equal(submission.Steps[2].JobId, Assert.Single(clean.Dependents).JobId);
        Assert.Equal("clean", clean.Metadata["pipelineStep"]);
        Assert.Contains("pipeline:orders", clean.Summary.Tags);
    }

    [Fact]
    public async Task Submit_RefusesADocumentWithUnknownStepsOrBadArguments_AndEnqueuesNothing()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var submitter = engine.Host.Services.GetRequiredService<PipelineSubmitter>();
        var unknown = await Assert.ThrowsAsync<JobValidationException>(() => submitter.SubmitAsync(Parse("""
            {"name":"p","steps":[
              {"name":"a","type":"file_ingestion","args":{"path":"x.csv"}},
              {"name":"b","type":"data_transform","args":{"input":{"fromStep":"nope"},"transformations":[{"type":"drop","columns":["x"]}]}}
            ]}
            """), TestContext.Current.CancellationToken));
        Assert.Equal(["No step is named 'nope'."], unknown.Errors["steps[1].dependsOn"]);

        var badArgs = await Assert.ThrowsAsync<JobValidationException>(() => submitter.SubmitAsync(Parse("""
            {"name":"p","steps":[{"name":"a","type":"file_ingestion","args":{}},{"name":"b","type":"no_such_type"}]}
            """), TestContext.Current.CancellationToken));
        Assert.Contains("path: required.", badArgs.Errors["steps[0].args"][0], StringComparison.Ordinal);
        Assert.StartsWith("Unknown job type 'no_such_type'.", badArgs.Errors["steps[1].type"][0], StringComparison.Ordinal);
        Assert.All((await engine.Queries.CountByStateAsync(TestContext.Current.CancellationToken)).Values, c => Assert.Equal(0, c));
    }
}
