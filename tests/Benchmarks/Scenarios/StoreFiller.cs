using Jobs.Model;
using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Benchmarks.Scenarios;

/// <summary>Fills the engine's own SQLite tables with many finished and waiting jobs, straight through SQL.</summary>
/// <remarks>
/// <para>Enqueueing a million jobs through the client would take minutes of the run and measure nothing the
/// other scenarios don't; SQL generating rows inside SQLite (a recursive counter, 100,000 rows per transaction)
/// takes seconds. No ANALYZE afterwards: the engine never runs it, so the query planner sees what a user's store shows it.
/// The schema must already exist (the engine created it) and the engine must be stopped.</para>
/// <para>The rows mirror what the engine writes: the same columns and defaults as its insert, history and
/// attempts JSON made by the engine's own <see cref="JsonFragments"/>, one <c>job_tags</c> row per tag, and
/// <c>job_state_counts</c> recomputed at the end so the counts the dashboard reads are right.</para>
/// <para>Mix per 20 jobs: 14 succeeded, 1 dead-lettered, 1 cancelled, 3 enqueued, 1 scheduled a day ahead.
/// Five job types and 100 tenant tags, each spread evenly and independent of the state.</para>
/// </remarks>
internal static class StoreFiller
{
    /// <summary>The job types the filler uses; the scale scenario registers a handler for each.</summary>
    public static readonly string[] Types = ["report", "email", "etl", "thumbnail", "sync"];

    private const int Chunk = 100_000;

    /// <summary>Adds <paramref name="count"/> jobs; returns how many of them wait in the Enqueued state.</summary>
    public static async Task<long> FillAsync(string databasePath, int count, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var start = now - count - 60_000L; // one job a millisecond, ending a minute ago
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        var maxIdBefore = await ScalarAsync(connection, "SELECT coalesce(max(id), 0) FROM jobs", cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = $$"""
            WITH RECURSIVE n(i) AS (SELECT $from UNION ALL SELECT i + 1 FROM n WHERE i < $to),
            r AS (SELECT i,
                    CASE WHEN i % 20 < 14 THEN 4 WHEN i % 20 = 14 THEN 6 WHEN i % 20 = 15 THEN 7 WHEN i % 20 < 19 THEN 2 ELSE 0 END AS s,
                    $start + i AS t
                  FROM n)
            INSERT INTO jobs (type, queue, priority, state, args, created_at, updated_at, run_at, started_at, finished_at, attempt,
                retry_count, max_retries, retry_delay_ms, retry_backoff, retry_jitter, timeout_ms, owner, lease_until, lease_version,
                cancel_requested, unique_key, tags, metadata, last_error_type, last_error_message, reason, history, attempts)
            SELECT
                CASE (i / 20) % 5 WHEN 0 THEN '{{Types[0]}}' WHEN 1 THEN '{{Types[1]}}' WHEN 2 THEN '{{Types[2]}}' WHEN 3 THEN '{{Types[3]}}' ELSE '{{Types[4]}}' END,
                'default', 1, s, '{"input":"' || i || '"}', t,
                CASE WHEN s IN (4, 6, 7) THEN t + 20 ELSE t END,
                CASE WHEN s = 0 THEN $later ELSE NULL END,
                CASE WHEN s IN (4, 6) THEN t + 10 ELSE NULL END,
                CASE WHEN s IN (4, 6, 7) THEN t + 20 ELSE NULL END,
                CASE WHEN s IN (4, 6) THEN 1 ELSE 0 END,
                0, 3, 1000, 2.0, 1, 3600000, NULL, NULL, 0, 0, NULL,
                '["tenant-' || ((i / 100) % 100) || '"]', NULL,
                CASE WHEN s = 6 THEN 'System.InvalidOperationException' ELSE NULL END,
                CASE WHEN s = 6 THEN 'The remote end refused the upload.' ELSE NULL END,
                CASE WHEN s = 7 THEN 'Cancelled by a user.' ELSE NULL END,
                CASE s WHEN 4 THEN $hSucceeded WHEN 6 THEN $hDead WHEN 7 THEN $hCancelled WHEN 2 THEN $hEnqueued ELSE $hScheduled END,
                CASE s WHEN 4 THEN $aSucceeded WHEN 6 THEN $aDead ELSE '[]' END
            FROM r
            """;
        var t0 = start;
        var history = (JobState state) => "[" + JsonFragments.History(state, t0) + "]";
        insert.Parameters.AddWithValue("$start", start);
        insert.Parameters.AddWithValue("$later", now + (long)TimeSpan.FromDays(1).TotalMilliseconds);
        insert.Parameters.AddWithValue("$hSucceeded", "[" + JsonFragments.History(JobState.Enqueued, t0) + "," + JsonFragments.History(JobState.Processing, t0 + 10) + ","
            + JsonFragments.History(JobState.Succeeded, t0 + 20) + "]");
        insert.Parameters.AddWithValue("$hDead", "[" + JsonFragments.History(JobState.Enqueued, t0) + "," + JsonFragments.History(JobState.Processing, t0 + 10) + ","
            + JsonFragments.History(JobState.DeadLettered, t0 + 20, "The remote end refused the upload.") + "]");
        insert.Parameters.AddWithValue("$hCancelled", "[" + JsonFragments.History(JobState.Enqueued, t0) + "," + JsonFragments.History(JobState.Cancelled, t0 + 20, "Cancelled by a user.") + "]");
        insert.Parameters.AddWithValue("$hEnqueued", history(JobState.Enqueued));
        insert.Parameters.AddWithValue("$hScheduled", history(JobState.Scheduled));
        insert.Parameters.AddWithValue("$aSucceeded", "[" + JsonFragments.Attempt(1, t0 + 10, t0 + 20, JobState.Succeeded, "bench", null) + "]");
        insert.Parameters.AddWithValue("$aDead", "[" + JsonFragments.Attempt(1, t0 + 10, t0 + 20, JobState.DeadLettered, "bench",
            new JobError("System.InvalidOperationException", "The remote end refused the upload.", "   at Bench.Upload()", Transient: false)) + "]");
        var from = insert.Parameters.AddWithValue("$from", 0);
        var to = insert.Parameters.AddWithValue("$to", 0);
        for (var i = 0; i < count; i += Chunk)
        {
            from.Value = i;
            to.Value = Math.Min(count, i + Chunk) - 1;
            await using var tx = connection.BeginTransaction();
            insert.Transaction = tx;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        await using (var finish = connection.CreateCommand())
        {
            finish.CommandText = """
                INSERT OR IGNORE INTO job_tags (tag, job_id) SELECT json_extract(tags, '$[0]'), id FROM jobs WHERE id > $before;
                UPDATE job_state_counts SET count = (SELECT count(*) FROM jobs j WHERE j.state = job_state_counts.state);
                PRAGMA wal_checkpoint(TRUNCATE);
                """;
            finish.Parameters.AddWithValue("$before", maxIdBefore);
            finish.CommandTimeout = 0;
            await finish.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ScalarAsync(connection, "SELECT count FROM job_state_counts WHERE state = 2", cancellationToken);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
