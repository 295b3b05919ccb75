using Jobs.BuiltIn.Pipeline.Analysis;
using Jobs.BuiltIn.Pipeline.Ingestion;
using Jobs.BuiltIn.Pipeline.Processing;
using Jobs.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.BuiltIn.Pipeline;

/// <summary>Registers the pipeline building blocks and the submitter.</summary>
internal static class PipelineJobsRegistration
{
    public static JobEngineBuilder AddPipelineJobs(this JobEngineBuilder builder)
    {
        builder.Services.TryAddSingleton<InputResolver>();
        builder.Services.TryAddSingleton<PipelineSubmitter>();
        builder.Services.AddHttpClient(ApiIngestionJob.ClientName);
        return builder
            .AddHandler<FileIngestionJob>(FileIngestionJob.TypeName)
            .AddHandler<ApiIngestionJob>(ApiIngestionJob.TypeName)
            .AddHandler<DatabaseIngestionJob>(DatabaseIngestionJob.TypeName)
            .AddHandler<DataTransformJob>(DataTransformJob.TypeName)
            .AddHandler<DataAggregationJob>(DataAggregationJob.TypeName)
            .AddHandler<DataValidationJob>(DataValidationJob.TypeName)
            .AddHandler<StatisticalAnalysisJob>(StatisticalAnalysisJob.TypeName)
            .AddHandler<ReportGenerationJob>(ReportGenerationJob.TypeName);
    }
}
