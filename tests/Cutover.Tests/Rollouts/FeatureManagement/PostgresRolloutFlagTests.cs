using System.Data.Common;
using Cutover.Postgres;
using Cutover.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cutover.Tests.Rollouts.FeatureManagement;

public sealed class PostgresRolloutFlagTests : RolloutFlagSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    private protected override DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseNpgsql(connectionString);

    private protected override bool TracksRowsWrittenThroughViews => true;
}
