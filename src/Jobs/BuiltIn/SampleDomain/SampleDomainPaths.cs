using Jobs.Configuration;
using Microsoft.Extensions.Options;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>The sample domain's folders and database file under the data directory.</summary>
public sealed class SampleDomainPaths
{
    /// <summary>Resolves the folders from the configured data directory.</summary>
    public SampleDomainPaths(IOptions<StorageOptions> storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        DataDirectory = Path.GetFullPath(storage.Value.DataDirectory);
        Inbox = Path.Combine(DataDirectory, "inbox");
        Processed = Path.Combine(Inbox, "processed");
        Rejected = Path.Combine(Inbox, "rejected");
        Database = Path.Combine(DataDirectory, "sample.db");
        SeededMarker = Path.Combine(DataDirectory, "sample-data.seeded");
    }

    /// <summary>The data directory, absolute.</summary>
    public string DataDirectory { get; }

    /// <summary>Where event files arrive (CSV, JSON lines or a JSON array).</summary>
    public string Inbox { get; }

    /// <summary>Where loaded (and duplicate) files go.</summary>
    public string Processed { get; }

    /// <summary>Where files that failed validation go, each with a <c>.reason.txt</c> beside it.</summary>
    public string Rejected { get; }

    /// <summary>The SQLite file of the sample domain's tables.</summary>
    public string Database { get; }

    /// <summary>Written once the first start has seeded the sample data, so it happens once.</summary>
    public string SeededMarker { get; }

    /// <summary>Creates the inbox folders when missing.</summary>
    public void EnsureFolders()
    {
        Directory.CreateDirectory(Inbox);
        Directory.CreateDirectory(Processed);
        Directory.CreateDirectory(Rejected);
    }
}
