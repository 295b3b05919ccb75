using Microsoft.EntityFrameworkCore;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>Applies the sample domain's migrations once per process, before the first job or the seeder touches its tables.</summary>
/// <remarks>Every user of the tables awaits <see cref="EnsureAsync"/>, so the order in which hosted services and workers start does not matter.</remarks>
internal sealed class SampleDomainSchema(IDbContextFactory<SampleDomainDbContext> contexts, SampleDomainPaths paths) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public void Dispose() => _gate.Dispose();

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
            {
                paths.EnsureFolders();
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                if (db.Database.IsSqlite())
                {
                    // Readers (the dashboard, heatmap queries) must not block the ETL's writes, nor the reverse.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                }
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
