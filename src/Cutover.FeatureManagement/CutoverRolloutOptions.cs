using System.Data.Common;

namespace Cutover.FeatureManagement;

/// <summary>How an application of a migration's new version reads its rollout and opens connections of its shape.</summary>
public sealed class CutoverRolloutOptions
{
    /// <summary>
    /// The migration this version of the application is written for. Its flag is <c>cutover:&lt;id&gt;</c>, and its new
    /// shape is that of every expanded migration up to it.
    /// </summary>
    public string MigrationId { get; set; } = "";

    /// <summary>Creates an unopened connection of the application's driver for a connection string: <c>cs =&gt; new SqliteConnection(cs)</c>.</summary>
    public Func<string, DbConnection>? CreateConnection { get; set; }

    /// <summary>The application's connection string; null: the one the <see cref="Migrator"/> was given.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How old a rollout answer may be before it is read again from the database (5 seconds): the longest a change made
    /// with <c>cutover rollout</c> takes to reach a running application, while the database can be read.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// While the database cannot be read, how long the last answer is kept (1 minute). After that, requests get the old
    /// shape while the migration's window is open (a rollout not read for that long is not trusted), and the new shape once
    /// it was completed (the old one is gone).
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock the two intervals are measured with.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(MigrationId))
            throw new ArgumentException("CutoverRolloutOptions.MigrationId is not set: name the migration this version of the application is written for", nameof(MigrationId));
        if (CreateConnection is null)
            throw new ArgumentException("CutoverRolloutOptions.CreateConnection is not set: give the driver's connection, e.g. cs => new SqliteConnection(cs)", nameof(CreateConnection));
        if (RefreshInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RefreshInterval), RefreshInterval, "RefreshInterval must be positive");
        if (MaxStaleness < RefreshInterval)
            throw new ArgumentOutOfRangeException(nameof(MaxStaleness), MaxStaleness, "MaxStaleness must be at least RefreshInterval");
    }
}
