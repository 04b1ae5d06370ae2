using Cutover.Postgres;
using Cutover.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>The kill lifecycle on PostgreSQL: how a test holds <c>items</c> and sees a runner wait; each operation kind is a class of its own.</summary>
public abstract class PostgresKillSpecification(ITestOutputHelper output) : OperationKillSpecification(output)
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override Task<string> NewCrashTestDatabaseAsync() => PostgresServer.CreateDurableDatabaseAsync();

    private protected override bool HoldStopsOnlyTheTable => true;

    /// <summary>
    /// A transaction holding <c>items</c> in the case's mode: ACCESS SHARE, as a long reader does, which DDL on the table
    /// waits for; SHARE for a kind whose steps take weaker locks than ACCESS EXCLUSIVE.
    /// </summary>
    private protected override async Task<TableHold> HoldItemsAsync(string db)
    {
        var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var hold = new TableHold(connection, transaction);
        await hold.ScalarAsync($"LOCK TABLE items IN {Case.PostgresHold} MODE");
        return hold;
    }

    private protected override async Task<bool> RunnerWaitsAsync(string db) =>
        Convert.ToInt64(await PostgresServer.ScalarAsync(db,
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()")) > 0;

    private protected override async Task<long> OtherSessionsAsync(string db) =>
        Convert.ToInt64(await PostgresServer.ScalarAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"));
}
