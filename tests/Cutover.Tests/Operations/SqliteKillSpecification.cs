using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>The kill lifecycle on SQLite: how a test holds <c>items</c> and sees a runner wait; each operation kind is a class of its own.</summary>
public abstract class SqliteKillSpecification(ITestOutputHelper output) : OperationKillSpecification(output)
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());

    private protected override Task<string> NewCrashTestDatabaseAsync() => NewDatabaseAsync();

    private protected override bool HoldStopsOnlyTheTable => false;

    /// <summary>
    /// A read transaction that has read <c>items</c>: its SHARED lock keeps every writer from committing. Taken in a
    /// tight loop without a busy timeout: SQLite's busy handler sleeps for up to 100 ms, long enough for a runner to
    /// commit several steps before the hold is back.
    /// </summary>
    private protected override async Task<TableHold> HoldItemsAsync(string db)
    {
        var connection = (SqliteConnection)await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using (var noWait = connection.CreateCommand())
        {
            noWait.CommandText = "PRAGMA busy_timeout = 0";
            await noWait.ExecuteNonQueryAsync();
        }
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); ; await Task.Yield())
        {
            var transaction = connection.BeginTransaction(deferred: true);
            var hold = new TableHold(connection, transaction);
            try
            {
                await hold.ScalarAsync("SELECT count(*) FROM items");
                return hold;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 5 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                // SQLITE_BUSY: a writer is committing; try again at once.
                await transaction.RollbackAsync();
            }
        }
    }

    /// <summary>
    /// The journal goes when the commit is done: watched without a pause (the next step needs only milliseconds to
    /// reach its own commit), not through a query, which would queue behind the committing writer.
    /// </summary>
    private protected override async Task WaitForTheHeldCommitAsync(string db, Func<bool> runnerExited)
    {
        var journal = new SqliteConnectionStringBuilder(db).DataSource + "-journal";
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); File.Exists(journal) && !runnerExited() && clock.Elapsed < TimeSpan.FromSeconds(30);)
            Thread.SpinWait(100);
        await Task.CompletedTask;
    }

    /// <summary>
    /// A writer waiting to commit keeps its rollback journal: every other write of a run holds it for milliseconds, a
    /// held one for as long as the hold lasts. (Reading the database would wait for the writer, which waits for the hold.)
    /// </summary>
    private protected override async Task<bool> RunnerWaitsAsync(string db)
    {
        var journal = new SqliteConnectionStringBuilder(db).DataSource + "-journal";
        for (var held = System.Diagnostics.Stopwatch.StartNew(); held.ElapsedMilliseconds < 150; await Task.Delay(10))
        {
            if (!File.Exists(journal))
                return false;
        }
        return true;
    }
}
