using Jobs.Client;
using Jobs.Model;

namespace Jobs.Dashboard.Components.DeadLetter;

/// <summary>Retries every dead-lettered job of one group (job type and error type).</summary>
/// <remarks>
/// The engine retries dead-lettered jobs by id; a group is found page by page through the type's dead-lettered jobs
/// (keyset paging, so a large group never loads at once) and retried one page at a time.
/// </remarks>
internal sealed class DeadLetterGroupRetrier(IJobQueries queries, IJobClient client)
{
    private const int PageSize = 500;

    /// <summary>Retries the group, calling <paramref name="retriedSoFar"/> after each page. Returns how many were requeued.</summary>
    /// <remarks>The callback runs inline, in order, before this returns (unlike <see cref="Progress{T}"/>, which posts it later).</remarks>
    public async Task<int> RetryAsync(DeadLetterGroup group, Action<int>? retriedSoFar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var filter = new JobFilter { State = JobState.DeadLettered, Type = group.JobType };
        var retried = 0;
        string? cursor = null;
        do
        {
            var page = await queries.ListAsync(filter, cursor, PageSize, cancellationToken);
            var ids = page.Items
                .Where(j => string.Equals(j.LastErrorType, group.ErrorType, StringComparison.Ordinal))
                .Select(j => j.Id)
                .ToList();
            if (ids.Count > 0)
            {
                retried += await client.RetryDeadLetteredAsync(ids, cancellationToken);
                retriedSoFar?.Invoke(retried);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return retried;
    }
}
