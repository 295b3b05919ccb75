namespace Jobs.Model;

/// <summary>The outcome of enqueueing one request.</summary>
/// <param name="JobId">The id of the new job, or of the live job that holds the same unique key.</param>
/// <param name="State">The state the job is in once committed.</param>
/// <param name="Existing">True when a live job with the same unique key was returned instead of a new one.</param>
public readonly record struct EnqueueResult(long JobId, JobState State, bool Existing);
