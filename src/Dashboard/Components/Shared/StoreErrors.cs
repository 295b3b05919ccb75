using System.Data.Common;
using Jobs.Storage;

namespace Jobs.Dashboard.Components.Shared;

/// <summary>Which exceptions mean "the store could not answer": a page shows them as an error with a retry instead of failing its circuit.</summary>
internal static class StoreErrors
{
    /// <summary>True for the store's own failures (any provider) and timeouts.</summary>
    public static bool IsStoreFailure(Exception exception) =>
        exception is JobStoreException or DbException or TimeoutException;

    /// <summary>The message a page shows for a store failure.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"The job store did not answer: {exception.Message}";
    }
}
