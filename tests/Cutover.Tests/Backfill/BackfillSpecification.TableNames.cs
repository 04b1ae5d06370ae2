using Cutover.Backfill;
using Cutover.Running;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Backfill;

/// <summary>
/// Issue 12 item 4: the directive's table name is resolved in the catalog and quoted wherever SQL is built from it
/// (the batch bounds, the batch predicate, the row count), on both engines.
/// </summary>
public abstract partial class BackfillSpecification
{
    [Theory]
    [InlineData("\"order\"", "order")]
    [InlineData("\"user\"", "user")]
    [InlineData("\"MixedCase\"", "\"MixedCase\"")]
    [InlineData("\"victim;delete/**/from/**/victim\"", "victim;delete/**/from/**/victim")]
    public async Task A_table_named_like_a_keyword_or_sql_is_walked_by_its_quoted_name_and_nothing_else_runs(string created, string directive)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE victim (id integer PRIMARY KEY);
            INSERT INTO victim (id) SELECT x FROM {Series(5)};
            CREATE TABLE {created} (id integer PRIMARY KEY, v integer);
            INSERT INTO {created} (id) SELECT x FROM {Series(10)};
            -- cutover:backfill {directive} batch=3
            UPDATE {created} SET v = 1 WHERE {"{batch}"};
            """);

        await NewMigrator(db).UpAsync();

        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, 10L, 10L, 4L), (done.State, done.RowsDone, done.RowsChanged, done.Batches));
        Assert.Equal(10L, done.TotalEstimate);
        Assert.Equal(10, await CountAsync(db, $"SELECT count(*) FROM {created} WHERE v = 1"));
        // The name was never read as SQL: the table named in it keeps every row.
        Assert.Equal(5, await CountAsync(db, "SELECT count(*) FROM victim"));
    }

    [Fact]
    public async Task A_code_backfill_reads_and_writes_a_keyword_table_by_its_quoted_name()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE "order" (id integer PRIMARY KEY, v integer);
            INSERT INTO "order" (id) SELECT x FROM {Series(10)};
            -- cutover:backfill order code=SetOne batch=4
            """);

        await NewMigrator(db, codes: [new SetV()]).UpAsync();

        Assert.Equal(10, await CountAsync(db, "SELECT count(*) FROM \"order\" WHERE v = 1"));
    }

    private sealed class SetV : CodeBackfill
    {
        public override string Name => "SetOne";

        public override IReadOnlyList<string> Columns { get; } = ["v"];

        public override ValueTask TransformAsync(IReadOnlyList<BackfillRow> rows, CancellationToken cancellationToken)
        {
            foreach (var row in rows)
                row.Set("v", 1);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_backfill_table_that_does_not_exist_and_no_earlier_step_names_is_bad_input_before_anything_runs()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "backfill", """
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            -- cutover:backfill nosuch batch=3
            UPDATE k SET v = 1 WHERE {batch};
            """);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal($"{path}:3: backfill table nosuch does not exist when the step runs", error.Message);
        Assert.Equal(MigrationState.Pending, Assert.Single((await NewMigrator(db).StatusAsync()).Migrations).State);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ScalarAsync(db, "SELECT count(*) FROM k"));
    }
}
