using Jobs.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>Arguments of <see cref="FailingJob"/>.</summary>
internal sealed record FailingArgs(string? Message);

/// <summary>Fails permanently (a <see cref="FormatException"/>), so its job is dead-lettered after one attempt with a stack trace.</summary>
internal sealed class FailingJob : IJobHandler<FailingArgs>
{
    public const string Name = "test.fail";

    public Task HandleAsync(FailingArgs args, IJobContext context) => throw new FormatException(args.Message ?? "bad row 7");
}

/// <summary>Arguments of the test <c>heatmap</c>: the seed's levels and date.</summary>
internal sealed record HeatmapArgs(IReadOnlyList<string> Levels, string Date);

/// <summary>One heatmap result row in the seed's shape.</summary>
internal sealed record HeatmapCell(string Level, string Date, double Sum);

/// <summary>A stand-in for the real <c>heatmap</c> job: sum = level x 10; level "fail" fails permanently.</summary>
internal sealed class TestHeatmapJob : IJobHandler<HeatmapArgs, IReadOnlyList<HeatmapCell>>
{
    public Task<IReadOnlyList<HeatmapCell>> HandleAsync(HeatmapArgs args, IJobContext context)
    {
        if (args.Levels.Contains("fail"))
        {
            throw new ArgumentException("Level 'fail' does not exist.", nameof(args));
        }

        IReadOnlyList<HeatmapCell> cells = [.. args.Levels.Select(l => new HeatmapCell(l, args.Date, double.Parse(l, System.Globalization.CultureInfo.InvariantCulture) * 10))];
        return Task.FromResult(cells);
    }
}

/// <summary>Arguments of the test <c>etl</c>: none.</summary>
internal sealed record EtlArgs;

/// <summary>A stand-in for the real <c>etl</c> job.</summary>
internal sealed class TestEtlJob : IJobHandler<EtlArgs>
{
    public Task HandleAsync(EtlArgs args, IJobContext context) => Task.CompletedTask;
}

/// <summary>Registers test job types on a built service collection, replacing a real registration of the same name.</summary>
internal static class TestJobTypes
{
    public static void Add<THandler>(IServiceCollection services, string name) where THandler : class
    {
        var (args, result) = FindTypes(typeof(THandler));
        foreach (var existing in services.Where(d => d.ServiceType == typeof(JobTypeDescriptor) && d.ImplementationInstance is JobTypeDescriptor { } t && t.Name == name).ToList())
        {
            services.Remove(existing);
        }

        services.TryAddScoped<THandler>();
        services.AddSingleton(new JobTypeDescriptor(name, typeof(THandler), args, result));
    }

    private static (Type Args, Type? Result) FindTypes(Type handler)
    {
        foreach (var i in handler.GetInterfaces().Where(i => i.IsGenericType))
        {
            if (i.GetGenericTypeDefinition() == typeof(IJobHandler<>))
            {
                return (i.GetGenericArguments()[0], null);
            }

            if (i.GetGenericTypeDefinition() == typeof(IJobHandler<,>))
            {
                return (i.GetGenericArguments()[0], i.GetGenericArguments()[1]);
            }
        }

        throw new ArgumentException($"{handler.Name} is no job handler.", nameof(handler));
    }
}
