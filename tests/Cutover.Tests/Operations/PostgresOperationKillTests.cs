using Cutover.Postgres;
using Cutover.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

public sealed class PostgresOperationKillTests(ITestOutputHelper output) : OperationKillSpecification(output)
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override Task<string> NewCrashTestDatabaseAsync() => PostgresServer.CreateDurableDatabaseAsync();

    private protected override bool HoldStopsOnlyTheTable => true;

    /// <summary>A transaction holding ACCESS SHARE on <c>items</c>, as a long reader does: DDL on the table waits for it.</summary>
    private protected override async Task<TableHold> HoldItemsAsync(string db)
    {
        var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var hold = new TableHold(connection, transaction);
        await hold.ScalarAsync("LOCK TABLE items IN ACCESS SHARE MODE");
        return hold;
    }

    private protected override async Task<bool> RunnerWaitsAsync(string db) =>
        Convert.ToInt64(await PostgresServer.ScalarAsync(db,
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()")) > 0;

    private protected override async Task<long> OtherSessionsAsync(string db) =>
        Convert.ToInt64(await PostgresServer.ScalarAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"));
}
