using Jobs.Handlers;

namespace Jobs.BuiltIn.Pipeline;

/// <summary>Registers the pipeline building blocks.</summary>
internal static class PipelineJobsRegistration
{
    public static JobEngineBuilder AddPipelineJobs(this JobEngineBuilder builder) => builder;
}
