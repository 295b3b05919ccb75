using Bunit;
using Jobs.Dashboard.Components.JobDetail;
using Jobs.Events;
using Jobs.Model;

namespace Jobs.Dashboard.Tests.Components;

/// <summary>The job page's chain of pipeline steps and its artifacts.</summary>
public sealed class JobOutputsPanelTests : DashboardComponentTest
{
    /// <summary>A pipeline load (10) → validate (11) → report (12), plus a second parent of the report (13), stored with links both ways.</summary>
    private void AddPipeline(JobState validateState = JobState.Processing)
    {
        AddStep(10, "file_ingestion", "load", JobState.Succeeded, dependsOn: [], dependents: [11]);
        AddStep(11, "data_validation", "validate", validateState, dependsOn: [10], dependents: [12]);
        AddStep(13, "statistical_analysis", "statistics", JobState.Succeeded, dependsOn: [], dependents: [12]);
        AddStep(12, "report_generation", "report", JobState.AwaitingDependencies, dependsOn: [11, 13], dependents: []);
    }

    private void AddStep(long id, string type, string step, JobState state, long[] dependsOn, long[] dependents)
    {
        var summary = AddJob(id, state, type);
        Queries.Details[id] = new JobDetails
        {
            Summary = summary,
            Metadata = new Dictionary<string, string> { ["pipeline"] = "events-report", ["pipelineStep"] = step },
            DependsOn = [.. dependsOn.Select(p => new JobLink(p, "parent", JobState.Succeeded, DependencyCondition.OnSuccess))],
            Dependents = [.. dependents.Select(c => new JobLink(c, "child", JobState.AwaitingDependencies, DependencyCondition.OnSuccess))],
        };
    }

    private string WriteArtifact(long jobId, string name, string content)
    {
        var folder = Path.Combine(DataDirectory.Path, "artifacts", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Render_ShowsTheWholeChainInRunOrder_WithLinksAndStates()
    {
        AddPipeline();

        var panel = Render<JobOutputsPanel>(p => p.Add(x => x.JobId, 11L));

        var steps = panel.FindAll("#job-chain .chain-step");
        // Roots first (by id), then each step after its deepest parent.
        Assert.Equal(["10", "13", "11", "12"], steps.Select(s => s.GetAttribute("data-job-id")));
        Assert.Equal(["Succeeded", "Succeeded", "Processing", "AwaitingDependencies"], steps.Select(s => s.GetAttribute("data-state")));
        Assert.Equal("/jobs/10", steps[0].QuerySelector("a")?.GetAttribute("href"));
        Assert.Equal("/jobs/12", steps[3].QuerySelector("a")?.GetAttribute("href"));
        Assert.Null(steps[2].QuerySelector("a"));
        Assert.Contains("#11 validate (data_validation)", steps[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("events-report", panel.Find("#job-chain h6").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void StateEvent_MovesTheStepsChip_WithoutReload()
    {
        AddPipeline();
        var panel = Render<JobOutputsPanel>(p => p.Add(x => x.JobId, 11L));

        Events.Publish(new JobEvent(12, "report_generation", "default", JobState.Processing, null, Now));

        panel.WaitForAssertion(() => Assert.Equal("Processing", panel.Find("#job-chain .chain-step[data-job-id='12']").GetAttribute("data-state")));
        Assert.Equal("Processing", panel.Find("#job-chain .chain-step[data-job-id='12'] .mud-chip").GetAttribute("data-state"));
    }

    [Fact]
    public void Render_ShowsNoChain_ForAJobWithoutDependencies()
    {
        AddJob(7, JobState.Succeeded);

        var panel = Render<JobOutputsPanel>(p => p.Add(x => x.JobId, 7L));

        Assert.Empty(panel.FindAll("#job-chain"));
        Assert.Contains("stored no files", panel.Find("#job-artifacts").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ListsArtifactsWithSizes_AndDownloadLinks()
    {
        AddJob(12, JobState.Succeeded);
        WriteArtifact(12, "report.html", "<h1>Events</h1>" + new string('x', 2033));
        WriteArtifact(12, "rows.jsonl", "{\"a\":1}\n");

        var panel = Render<JobOutputsPanel>(p => p.Add(x => x.JobId, 12L));

        var rows = panel.FindAll("#job-artifacts tr.artifact");
        Assert.Equal(["report.html", "rows.jsonl"], rows.Select(r => r.GetAttribute("data-name")));
        Assert.Equal(["2 KiB", "8 B"], rows.Select(r => r.QuerySelector(".artifact-size")!.TextContent.Trim()));
        Assert.Equal("/api/jobs/12/artifacts/report.html?download=true", rows[0].QuerySelector("a.artifact-download")?.GetAttribute("href"));
    }

    [Fact]
    public void View_ShowsTextInline_AndHtmlInASandboxedFrame()
    {
        AddJob(12, JobState.Succeeded);
        WriteArtifact(12, "report.html", "<h1>Events</h1>");
        WriteArtifact(12, "rows.jsonl", "{\"region\":\"north\",\"value\":12.5}\n");
        var panel = Render<JobOutputsPanel>(p => p.Add(x => x.JobId, 12L));

        panel.Find("tr.artifact[data-name='rows.jsonl'] .artifact-view").Click();

        panel.WaitForAssertion(() => Assert.Contains("\"region\":\"north\"", panel.Find("#artifact-preview pre.artifact-text").TextContent, StringComparison.Ordinal));

        panel.Find("tr.artifact[data-name='report.html'] .artifact-view").Click();

        var frame = panel.Find("#artifact-preview iframe.artifact-frame");
        Assert.Equal("/api/jobs/12/artifacts/report.html", frame.GetAttribute("src"));
        Assert.True(frame.HasAttribute("sandbox"));
        Assert.Empty(panel.FindAll("#artifact-preview pre"));

        panel.Find("tr.artifact[data-name='report.html'] .artifact-view").Click();
        Assert.Empty(panel.FindAll("#artifact-preview"));
    }

    [Fact]
    public void View_ShowsOnlyTheHeadOfALargeTextArtifact()
    {
        AddJob(12, JobState.Succeeded);
        WriteArtifact(12, "rows.jsonl", new string('a', JobOutputsPanel.MaxInlineBytes + 10));
        var panel = Render<JobOutputsPanel>(p => p.Add(x => x.JobId, 12L));

        panel.Find("tr.artifact[data-name='rows.jsonl'] .artifact-view").Click();

        panel.WaitForAssertion(() => Assert.Equal(JobOutputsPanel.MaxInlineBytes, panel.Find("#artifact-preview pre").TextContent.Length));
        Assert.NotNull(panel.Find("#artifact-preview .artifact-truncated"));
    }

    [Fact]
    public void JobFinishing_ShowsTheArtifactsItWrote()
    {
        AddPipeline();
        var panel = Render<JobOutputsPanel>(p => p.Add(x => x.JobId, 11L));
        Assert.Empty(panel.FindAll("tr.artifact"));

        WriteArtifact(11, "rows.jsonl", "{}\n");
        Events.Publish(new JobEvent(11, "data_validation", "default", JobState.Succeeded, null, Now));

        panel.WaitForAssertion(() => Assert.Equal("rows.jsonl", panel.Find("tr.artifact").GetAttribute("data-name")));
        Assert.Equal("Succeeded", panel.Find("#job-chain .chain-step[data-job-id='11']").GetAttribute("data-state"));
    }

    [Fact]
    public void JobDetailPage_ShowsThePanel_ForItsJob()
    {
        AddPipeline();
        WriteArtifact(11, "invalid.jsonl", "{}\n");

        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 11L));

        Assert.Equal(4, page.FindAll("#job-chain .chain-step").Count);
        Assert.Equal("invalid.jsonl", page.Find("#job-artifacts tr.artifact").GetAttribute("data-name"));
    }
}
