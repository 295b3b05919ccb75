using Jobs.Configuration;
using Jobs.Dashboard.Hosting;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Tests.Hosting;

public sealed class StartupErrorsTests
{
    private const string WorkersFailure =
        "DataAnnotation validation failed for 'JobEngineOptions' members: 'Workers' with the error: 'The field Workers must be between 1 and 1024.'.";

    [Fact]
    public void Describe_NamesSectionAndKey_WhenDataAnnotationsFail()
    {
        var ex = new OptionsValidationException(Options.DefaultName, typeof(JobEngineOptions), [WorkersFailure]);

        var message = StartupErrors.Describe(ex);

        Assert.Contains("JobEngine:Workers: The field Workers must be between 1 and 1024.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ListsEveryFailure_WhenSeveralOptionsFail()
    {
        var ex = new AggregateException(
            new OptionsValidationException(Options.DefaultName, typeof(JobEngineOptions), [WorkersFailure]),
            new OptionsValidationException(Options.DefaultName, typeof(StorageOptions), ["Storage:DataDirectory must not be empty."]));

        var message = StartupErrors.Describe(ex);

        Assert.True(StartupErrors.IsConfigurationError(ex));
        Assert.Contains("JobEngine:Workers", message, StringComparison.Ordinal);
        Assert.Contains("Storage:DataDirectory must not be empty.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsConfigurationError_ReturnsTrue_WhenBinderCannotConvertAValue()
    {
        var ex = new InvalidOperationException("Failed to convert configuration value 'many' at 'JobEngine:Workers' to type 'System.Int32'.");

        Assert.True(StartupErrors.IsConfigurationError(ex));
        Assert.Contains("JobEngine:Workers", StartupErrors.Describe(ex), StringComparison.Ordinal);
    }

    [Fact]
    public void IsConfigurationError_ReturnsFalse_WhenTheHostIsBroken()
    {
        Assert.False(StartupErrors.IsConfigurationError(new InvalidOperationException("Unable to resolve service.")));
        Assert.False(StartupErrors.IsConfigurationError(new AggregateException(new IOException("disk full"))));
    }
}
