using System.Globalization;
using Jobs.Model;
using Microsoft.Data.Sqlite;

namespace Jobs.Tests.Fakes;

/// <summary>One line of the crash host's marks.log: an attempt of a job started or finished its work.</summary>
internal readonly record struct Mark(long JobId, int Attempt, string Event);

/// <summary>A row of jobs.db as the crash tests read it: state, attempt, the lease fence and the history JSON.</summary>
internal sealed record JobRow(long Id, JobState State, int Attempt, string? Owner, long LeaseVersion, string History);

/// <summary>A fresh temp folder shared by crash-host processes, with readers for what they leave behind.</summary>
/// <remarks>
/// Everything is read from the files, never from a process: the point is what survives a SIGKILL.
/// Connections are unpooled and never create a file (ReadWrite, not ReadWriteCreate), so the test neither holds a file open nor creates one by looking; it only reads.
/// </remarks>
internal sealed class CrashDataDirectory : IDisposable
{
    private readonly bool _owned;

    /// <summary>A new folder under the temp folder, deleted on dispose.</summary>
    public CrashDataDirectory()
        : this(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jobs-crash-tests", Guid.NewGuid().ToString("N")), owned: true)
    {
        Directory.CreateDirectory(Path);
    }

    private CrashDataDirectory(string path, bool owned)
    {
        Path = path;
        _owned = owned;
    }

    /// <summary>Readers over a folder someone else owns (a mount): disposing leaves it alone.</summary>
    public static CrashDataDirectory Existing(string path) => new(path, owned: false);

    public string Path { get; }

    /// <summary>The whole lines of marks.log; a last line still being written is left out.</summary>
    public async Task<IReadOnlyList<Mark>> ReadMarksAsync()
    {
        var file = System.IO.Path.Combine(Path, "marks.log");
        if (!File.Exists(file))
        {
            return [];
        }

        string text;
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            text = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        }

        var complete = text.LastIndexOf('\n');
        if (complete < 0)
        {
            return [];
        }

        return [.. text[..complete].Split('\n').Select(ParseMark)];
    }

    /// <summary>The job ids in completions.db (the handlers' idempotent side effect).</summary>
    public Task<IReadOnlyList<long>> ReadCompletionsAsync() =>
        QueryIdsAsync("completions.db", "SELECT job_id FROM completions ORDER BY job_id");

    /// <summary>How many jobs completions.db holds; 0 before the host created it.</summary>
    public async Task<int> CountCompletionsAsync()
    {
        if (!File.Exists(System.IO.Path.Combine(Path, "completions.db")))
        {
            return 0;
        }

        await using var connection = await OpenAsync("completions.db");
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM completions";
        return Convert.ToInt32(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The raw rows of jobs.db, by id: what a crash left, with the fencing columns.</summary>
    public async Task<IReadOnlyDictionary<long, JobRow>> ReadJobRowsAsync()
    {
        await using var connection = await OpenAsync("jobs.db");
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, state, attempt, owner, lease_version, history FROM jobs";
        var rows = new Dictionary<long, JobRow>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var id = reader.GetInt64(0);
            rows[id] = new JobRow(id, (JobState)reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetString(5));
        }

        return rows;
    }

    /// <summary>Whether a writer could take jobs.db's write lock now (within a second): false while a frozen process holds it.</summary>
    public async Task<bool> IsWriteLockFreeAsync()
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.Combine(Path, "jobs.db"),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 1,
        };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 1000; BEGIN IMMEDIATE; ROLLBACK;";
        try
        {
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            return false; // SQLITE_BUSY or SQLITE_LOCKED
        }
    }

    /// <summary>The stored state of every job of <paramref name="type"/>, read straight from jobs.db.</summary>
    public async Task<IReadOnlyDictionary<long, JobState>> ReadJobStatesAsync(string type)
    {
        await using var connection = await OpenAsync("jobs.db");
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, state FROM jobs WHERE type = $type";
        command.Parameters.AddWithValue("$type", type);
        var states = new Dictionary<long, JobState>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            states[reader.GetInt64(0)] = (JobState)reader.GetInt32(1);
        }

        return states;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="timeout"/> passes.
    /// </summary>
    /// <remarks>
    /// Polling is the only way to observe another process's files; the deadline keeps it from hanging.
    /// <paramref name="describe"/> builds the failure message from the last observation.
    /// </remarks>
    public static async Task<T> WaitUntilAsync<T>(Func<Task<T>> observe, Func<T, bool> condition, TimeSpan timeout, Func<T, string> describe)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var seen = await observe();
            if (condition(seen))
            {
                return seen;
            }

            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Gave up after {timeout}: {describe(seen)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (_owned && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static Mark ParseMark(string line)
    {
        var parts = line.Split(' ');
        return parts.Length == 3
            ? new Mark(long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2])
            : throw new FormatException($"Malformed marks.log line '{line}'.");
    }

    private async Task<IReadOnlyList<long>> QueryIdsAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private async Task<SqliteConnection> OpenAsync(string database)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.Combine(Path, database),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}
