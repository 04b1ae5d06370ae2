using System.Data.Common;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Rollouts.FeatureManagement;

public sealed class SqliteRolloutFlagTests : RolloutFlagSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    // Pooled, as an application's connections are: a new-shape connection must not come back from the pool as an old-shape one.
    private protected override Task<string> NewDatabaseAsync() => Task.FromResult($"Data Source={SqliteFiles.NewPath()}");

    private protected override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    private protected override DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseSqlite(connectionString);

    private protected override bool TracksRowsWrittenThroughViews => false;
}
