using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.Handlers;

/// <summary>Registers job types with the engine; returned by <c>AddJobEngine</c>.</summary>
public sealed class JobEngineBuilder
{
    internal JobEngineBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for further registrations.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers <typeparamref name="THandler"/> as the job type <paramref name="name"/>.</summary>
    /// <remarks>The handler is resolved in a fresh DI scope for every run, so it may take scoped dependencies.</remarks>
    /// <exception cref="ArgumentException">When the name is blank or the class implements no handler interface.</exception>
    public JobEngineBuilder AddHandler<THandler>(string name) where THandler : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var (argsType, resultType) = FindHandlerInterface(typeof(THandler));
        Services.TryAddScoped<THandler>();
        Services.AddSingleton(new JobTypeDescriptor(name, typeof(THandler), argsType, resultType));
        return this;
    }

    internal static (Type Args, Type? Result) FindHandlerInterface(Type handlerType)
    {
        foreach (var i in handlerType.GetInterfaces())
        {
            if (!i.IsGenericType)
            {
                continue;
            }

            var definition = i.GetGenericTypeDefinition();
            if (definition == typeof(IJobHandler<>))
            {
                return (i.GetGenericArguments()[0], null);
            }

            if (definition == typeof(IJobHandler<,>))
            {
                var a = i.GetGenericArguments();
                return (a[0], a[1]);
            }
        }

        throw new ArgumentException($"{handlerType.Name} implements neither IJobHandler<TArgs> nor IJobHandler<TArgs, TResult>.", nameof(handlerType));
    }
}
