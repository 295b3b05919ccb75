using System.Collections.Concurrent;
using System.Text.Json;

namespace Jobs.Handlers;

/// <summary>Calls a handler without reflection on the hot path: one compiled delegate per job type.</summary>
internal static class JobInvoker
{
    private static readonly ConcurrentDictionary<JobTypeDescriptor, Func<object, object?, IJobContext, Task<object?>>> Cache = new();

    /// <summary>Deserializes the arguments for <paramref name="descriptor"/>. Throws <see cref="JsonException"/> on bad JSON.</summary>
    public static object? ReadArguments(JobTypeDescriptor descriptor, string? json) =>
        JsonSerializer.Deserialize(string.IsNullOrWhiteSpace(json) ? "{}" : json, descriptor.ArgumentsType, JobJson.Options);

    public static Task<object?> InvokeAsync(JobTypeDescriptor descriptor, object handler, object? args, IJobContext context) =>
        Cache.GetOrAdd(descriptor, Build)(handler, args, context);

    private static Func<object, object?, IJobContext, Task<object?>> Build(JobTypeDescriptor d)
    {
        var method = d.ResultType is null
            ? typeof(JobInvoker).GetMethod(nameof(Plain), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(d.ArgumentsType)
            : typeof(JobInvoker).GetMethod(nameof(WithResult), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(d.ArgumentsType, d.ResultType);
        return method.CreateDelegate<Func<object, object?, IJobContext, Task<object?>>>();
    }

    private static async Task<object?> Plain<TArgs>(object handler, object? args, IJobContext context)
    {
        await ((IJobHandler<TArgs>)handler).HandleAsync((TArgs)args!, context).ConfigureAwait(false);
        return null;
    }

    private static async Task<object?> WithResult<TArgs, TResult>(object handler, object? args, IJobContext context) =>
        await ((IJobHandler<TArgs, TResult>)handler).HandleAsync((TArgs)args!, context).ConfigureAwait(false);
}
