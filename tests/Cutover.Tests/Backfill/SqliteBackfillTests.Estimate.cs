using Cutover.Sqlite;

namespace Cutover.Tests.Backfill;

/// <summary>
/// The total a SQLite backfill's progress and ETA count toward: SQLite's own row count from sqlite_stat1 when the table
/// has been analyzed (as old as that ANALYZE, and named so), count(*) otherwise — on real files.
/// </summary>
public sealed partial class SqliteBackfillTests
{
    [Fact]
    public async Task An_analyzed_table_is_estimated_from_sqlite_stat1_as_of_its_last_analyze_without_counting()
    {
        var db = await TableAsync("CREATE TABLE k (id integer PRIMARY KEY, v integer)", 100, analyze: true, insertAfter: 20);

        await NewMigrator(db).UpAsync();

        // The 20 rows inserted after ANALYZE are not in SQLite's count: the estimate is its own, not a fresh count.
        var done = await CheckpointAsync(db);
        Assert.Equal((100L, SqliteRowEstimate.Analyzed, 120L), (done.TotalEstimate, done.EstimateMethod, done.RowsDone));
        Assert.Contains("sqlite_stat1", done.EstimateMethod, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_never_analyzed_is_counted()
    {
        var db = await TableAsync("CREATE TABLE k (id integer PRIMARY KEY, v integer)", 100, analyze: false, insertAfter: 20);

        await NewMigrator(db).UpAsync();

        var done = await CheckpointAsync(db);
        Assert.Equal((120L, "count(*) when the backfill started"), (done.TotalEstimate, done.EstimateMethod));
    }

    [Fact]
    public async Task A_table_analyzed_while_empty_or_recorded_as_empty_is_counted()
    {
        // ANALYZE of an empty table records nothing; a count of 0 (sqlite_stat1 may be written by hand to steer the
        // planner) says nothing about the size now either.
        var analyzedEmpty = await TableAsync("CREATE TABLE k (id integer PRIMARY KEY, v integer)", 0, analyze: true, insertAfter: 30);
        var recordedEmpty = await TableAsync("CREATE TABLE k (id integer PRIMARY KEY, v integer)", 0, analyze: true, insertAfter: 30);
        await ScalarAsync(recordedEmpty, "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('k', NULL, '0')");

        await NewMigrator(analyzedEmpty).UpAsync();
        await NewMigrator(recordedEmpty).UpAsync();

        Assert.Equal((30L, SqliteRowEstimate.Counted), ((await CheckpointAsync(analyzedEmpty)).TotalEstimate, (await CheckpointAsync(analyzedEmpty)).EstimateMethod));
        Assert.Equal((30L, SqliteRowEstimate.Counted), ((await CheckpointAsync(recordedEmpty)).TotalEstimate, (await CheckpointAsync(recordedEmpty)).EstimateMethod));
    }

    [Fact]
    public async Task A_partial_index_holding_some_rows_does_not_shrink_the_estimate()
    {
        // sqlite_stat1 holds 10 for the partial index and 100 for the table: the table's count is the estimate.
        var db = await TableAsync("CREATE TABLE k (id integer PRIMARY KEY, v integer, c integer); CREATE INDEX k_some ON k (c) WHERE c <= 10", 100, analyze: true, insertAfter: 5);

        await NewMigrator(db).UpAsync();

        var done = await CheckpointAsync(db);
        Assert.Equal((100L, SqliteRowEstimate.Analyzed, 105L), (done.TotalEstimate, done.EstimateMethod, done.RowsDone));
    }

    [Theory]
    [InlineData("\"k\"", "k")]
    [InlineData("\"my \"\"t\"\"\"", "my \"t\"")]
    [InlineData("\"main\".\"k\"", null)]
    [InlineData("k", null)]
    public void Only_a_single_quoted_identifier_is_looked_up_in_sqlite_stat1(string quoted, string? name) =>
        Assert.Equal(name, SqliteRowEstimate.Unquoted(quoted));

    /// <summary>A database whose table k holds <paramref name="rows"/> rows (c = id), analyzed or not, then <paramref name="insertAfter"/> more, and a migration that backfills it.</summary>
    private async Task<string> TableAsync(string create, int rows, bool analyze, int insertAfter)
    {
        var db = await NewDatabaseAsync();
        var withC = create.Contains(" c integer", StringComparison.Ordinal);
        string Insert(int n, int from) => n == 0 ? "" : withC
            ? $"INSERT INTO k (id, c) SELECT x + {from}, x + {from} FROM {Series(n)};"
            : $"INSERT INTO k (id) SELECT x + {from} FROM {Series(n)};";
        await ScalarAsync(db, $"{create}; {Insert(rows, 0)} {(analyze ? "ANALYZE;" : "")}");
        if (insertAfter > 0)
            await ScalarAsync(db, Insert(insertAfter, 1000));
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            ALTER TABLE k ADD COLUMN w integer;
            -- cutover:backfill k batch=50
            UPDATE k SET w = 1 WHERE {"{batch}"};
            """);
        return db;
    }
}
