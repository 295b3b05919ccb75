using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Jobs.Benchmarks.Systems;

/// <summary>The "raw limit": a job's whole durable life cycle written with plain Microsoft.Data.Sqlite and nothing else.</summary>
/// <remarks>
/// The ceiling any SQLite-backed runner on this machine works under: per batch of 1000 jobs, one transaction
/// inserts them (about 200 bytes of payload each), one claims them (enqueued → processing, found through
/// an index on queue+state as a real claim is), and one marks them succeeded. WAL with <c>synchronous=NORMAL</c>,
/// the same durability our store uses; one connection, prepared commands, no workers, no handler, no events.
/// </remarks>
internal static class RawSqliteLifecycle
{
    private const int Batch = 1000;

    /// <summary>Runs <paramref name="jobs"/> jobs through the life cycle; returns the elapsed time.</summary>
    public static async Task<TimeSpan> RunAsync(string directory, int jobs, CancellationToken cancellationToken)
    {
        var payload = "{\"data\":\"" + new string('x', 188) + "\"}"; // 200 bytes, like a small job's JSON arguments
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "raw.db")};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                CREATE TABLE jobs (id INTEGER PRIMARY KEY, queue TEXT NOT NULL, state INTEGER NOT NULL,
                    payload TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                CREATE INDEX ix_jobs_queue_state ON jobs (queue, state);
                """;
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = Prepare(connection, "INSERT INTO jobs (queue, state, payload, created_at, updated_at) VALUES ('default', 0, $p, $t, $t)", "$p", "$t");
        await using var claim = Prepare(connection, $"""
            UPDATE jobs SET state = 1, updated_at = $t
            WHERE id IN (SELECT id FROM jobs WHERE queue = 'default' AND state = 0 ORDER BY id LIMIT {Batch})
            RETURNING id
            """, "$t");
        await using var succeed = Prepare(connection, "UPDATE jobs SET state = 2, updated_at = $t WHERE id = $id", "$t", "$id");
        var ids = new List<long>(Batch);
        var start = Stopwatch.GetTimestamp();
        for (var done = 0; done < jobs; done += Batch)
        {
            var count = Math.Min(Batch, jobs - done);
            await using (var tx = connection.BeginTransaction())
            {
                insert.Transaction = tx;
                insert.Parameters[0].Value = payload;
                insert.Parameters[1].Value = NowMs();
                for (var i = 0; i < count; i++)
                {
                    insert.ExecuteNonQuery();
                }

                tx.Commit();
            }

            ids.Clear();
            await using (var tx = connection.BeginTransaction())
            {
                claim.Transaction = tx;
                claim.Parameters[0].Value = NowMs();
                await using (var reader = claim.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        ids.Add(reader.GetInt64(0));
                    }
                }

                tx.Commit();
            }

            await using (var tx = connection.BeginTransaction())
            {
                succeed.Transaction = tx;
                succeed.Parameters[0].Value = NowMs();
                foreach (var id in ids)
                {
                    succeed.Parameters[1].Value = id;
                    succeed.ExecuteNonQuery();
                }

                tx.Commit();
            }
        }

        return Stopwatch.GetElapsedTime(start);
    }

    private static long NowMs() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter(p, null));
        }

        command.Prepare();
        return command;
    }
}
