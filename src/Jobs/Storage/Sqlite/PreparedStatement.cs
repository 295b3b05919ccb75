using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Jobs.Storage.Sqlite;

/// <summary>A statement prepared once on the writer connection and bound by position, for the writes every job makes.</summary>
/// <remarks>
/// Microsoft.Data.Sqlite looks every parameter up by name and opens a data reader on each execution; for the two
/// statements each job runs (insert and completion) that bookkeeping cost more than SQLite's own work.
/// Positions are 1-based, in the order the SQL names its parameters.
/// </remarks>
internal sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public PreparedStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public PreparedStatement Bind(int position, long value)
    {
        raw.sqlite3_bind_int64(_statement, position, value);
        return this;
    }

    public PreparedStatement Bind(int position, long? value) =>
        value is { } v ? Bind(position, v) : BindNull(position);

    public PreparedStatement Bind(int position, double? value)
    {
        if (value is { } v)
        {
            raw.sqlite3_bind_double(_statement, position, v);
            return this;
        }

        return BindNull(position);
    }

    public PreparedStatement Bind(int position, string? value)
    {
        if (value is null)
        {
            return BindNull(position);
        }

        raw.sqlite3_bind_text(_statement, position, value);
        return this;
    }

    /// <summary>Nothing to do: every execution ends with <c>sqlite3_clear_bindings</c>, so a parameter not bound is NULL.</summary>
    /// <remarks>Most of a job's columns are NULL; skipping those calls saves a dozen native calls per row.</remarks>
    private PreparedStatement BindNull(int position)
    {
        _ = position;
        return this;
    }

    /// <summary>Runs the statement to completion; returns the number of rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    /// <summary>Runs a query and returns the first column of its first row (0 when there is none).</summary>
    public long QueryInt64()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_int64(_statement, 0);
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return 0;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    /// <summary>The rowid the last insert on this connection created.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    public void Dispose() => _statement.Dispose();
}
