using System.Data.Common;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Specification;

/// <summary>
/// Rollbacks that protect data, on both engines: `down` counts what its down steps would destroy and refuses without
/// consent; `redo` tries the round trip in a transaction it rolls back and refuses a down step that forgets something,
/// leaving the migration applied.
/// </summary>
public abstract class RollbackSafetySpecification : IDisposable
{
    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>A table's name as a <see cref="DataLoss"/> gives it: <c>public.a</c> or <c>a</c>.</summary>
    private protected abstract string Qualified(string table);

    private Migrator NewMigrator(string connection) =>
        new(new CutoverOptions { ConnectionString = connection, MigrationsFolder = Files.Folder }, Provider);

    private async Task<object?> ScalarAsync(string connection, string sql)
    {
        await using var c = await Provider.OpenAsync(connection, forReading: false, CancellationToken.None);
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static MigrationState StateOf(StatusReport report, string id) => report.Migrations.Single(m => m.Id == id).State;

    private static TableModel Table(SchemaModel model, string name) => model.Tables.Single(t => t.Name == name);

    /// <summary>Table a with one row (the first migration), then a nickname column the app fills.</summary>
    private async Task<(string Db, Migrator Migrator)> NicknamesAsync()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.Write("20260101000002", "add_nickname", """
            -- cutover:up
            ALTER TABLE a ADD COLUMN nickname text;
            -- cutover:down
            ALTER TABLE a DROP COLUMN nickname;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        await ScalarAsync(db, "INSERT INTO a (id, name, nickname) VALUES (2, 'second', 'n2'), (3, 'third', NULL), (4, 'fourth', 'n4')");
        return (db, migrator);
    }

    [Fact]
    public async Task Down_that_would_drop_a_column_with_values_is_refused_naming_them_and_changes_nothing()
    {
        var (db, migrator) = await NicknamesAsync();

        var error = await Assert.ThrowsAsync<DataLossException>(() => migrator.DownAsync());

        Assert.Equal([new DataLoss("20260101000002", Qualified("a"), "nickname", 2)], error.Losses);
        Assert.Contains("rolling back would destroy data: 20260101000002: 2 non-NULL value(s) of column " + Qualified("a") + ".nickname; nothing was changed", error.Message);
        Assert.Equal(MigrationState.Applied, StateOf(await migrator.StatusAsync(), "20260101000002"));
        Assert.Equal(2L, Convert.ToInt64(await ScalarAsync(db, "SELECT count(nickname) FROM a")));
    }

    [Fact]
    public async Task Down_dry_run_shows_what_it_would_destroy_and_accepting_the_loss_rolls_back()
    {
        var (db, migrator) = await NicknamesAsync();

        var dry = await migrator.DownAsync(new DownOptions { Steps = 2, DryRun = true });
        var result = await migrator.DownAsync(new DownOptions { Steps = 2, AcceptDataLoss = true });

        Assert.Equal([[new DataLoss("20260101000002", Qualified("a"), "nickname", 2)], [new DataLoss("20260101000001", Qualified("a"), null, 4)]],
            dry.Migrations.Select(m => m.DataLoss!.ToList()).ToList());
        Assert.Equal(dry.Migrations.SelectMany(m => m.DataLoss!), result.Migrations.SelectMany(m => m.DataLoss!));
        Assert.Equal(MigrationState.Pending, StateOf(await migrator.StatusAsync(), "20260101000001"));
        Assert.DoesNotContain((await migrator.ReadSchemaAsync()).Tables, t => t.Name == "a");
    }

    [Fact]
    public async Task Down_that_drops_only_empty_columns_and_tables_runs_without_asking()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "create_b", """
            -- cutover:up
            CREATE TABLE b (id integer PRIMARY KEY, note text);
            -- cutover:down
            DROP TABLE IF EXISTS b;
            """);
        Files.Write("20260101000002", "add_extra", """
            -- cutover:up
            ALTER TABLE b ADD COLUMN extra text;
            -- cutover:down
            ALTER TABLE b DROP COLUMN extra;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        await ScalarAsync(db, "INSERT INTO b (id, note) VALUES (1, NULL)");

        // One row, but the column dropped first holds only NULL: nothing of value is lost by the newer migration.
        var result = await migrator.DownAsync();

        Assert.Empty(Assert.Single(result.Migrations).DataLoss!);
        var error = await Assert.ThrowsAsync<DataLossException>(() => migrator.DownAsync());
        Assert.Equal(new DataLoss("20260101000001", Qualified("b"), null, 1), Assert.Single(error.Losses));
    }

    [Fact]
    public async Task Redo_still_runs_a_down_that_drops_data_and_says_so_in_the_log()
    {
        var (db, _) = await NicknamesAsync();
        var logger = new RecordingLogger<Migrator>();
        var migrator = new Migrator(new CutoverOptions { ConnectionString = db, MigrationsFolder = Files.Folder }, Provider, logger);

        await migrator.RedoAsync();

        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync(db, "SELECT count(nickname) FROM a")));
        Assert.Contains(logger.Warnings, m => m.Contains("destroys 2 non-NULL value(s) of column " + Qualified("a") + ".nickname", StringComparison.Ordinal));
    }

    /// <summary>The issue's case: the up creates table c and index c_i, the down drops only the index.</summary>
    private void WriteForgetfulDown() => Files.Write("20260101000002", "create_c", """
        -- cutover:up
        CREATE TABLE c (id integer PRIMARY KEY, v integer);
        CREATE INDEX c_i ON c (v);
        -- cutover:down
        DROP INDEX c_i;
        """);

    [Fact]
    public async Task Redo_of_a_down_that_forgets_a_table_is_refused_naming_it_and_the_migration_stays_applied_and_usable()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        WriteForgetfulDown();
        await migrator.UpAsync(); // a run stopped at 20260101000001: its schema is recorded

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.RedoAsync());

        Assert.Equal(MigrationConflict.RedoNotReversible, error.Conflict);
        Assert.Contains("redo of 20260101000002: its down step does not restore the schema recorded before it was applied: table "
            + SchemaText.Name(Qualified("c").Contains('.', StringComparison.Ordinal) ? "public" : "", "c") + " still exists", error.Message);
        Assert.Contains("nothing was changed", error.Message);
        // The trial's DROP INDEX was rolled back with it.
        Assert.Equal(["c_i"], Table(await migrator.ReadSchemaAsync(), "c").Indexes.Select(i => i.Name));
        Assert.Equal(MigrationState.Applied, StateOf(await migrator.StatusAsync(), "20260101000002"));
        Assert.Empty((await migrator.ValidateAsync()).Issues);

        // Fixed, the migration rolls back and applies again as usual.
        Files.Write("20260101000002", "create_c", """
            -- cutover:up
            CREATE TABLE c (id integer PRIMARY KEY, v integer);
            CREATE INDEX c_i ON c (v);
            -- cutover:down
            DROP INDEX c_i;
            DROP TABLE c;
            """);
        await migrator.RepairAsync(new RepairOptions { AcceptChecksums = true });
        await migrator.RedoAsync();
        await migrator.DownAsync();
        Assert.DoesNotContain((await migrator.ReadSchemaAsync()).Tables, t => t.Name == "c");
        await migrator.UpAsync();
        Assert.Equal(MigrationState.Applied, StateOf(await migrator.StatusAsync(), "20260101000002"));
    }

    [Fact]
    public async Task Redo_without_a_recorded_schema_refuses_when_the_up_would_fail_after_the_down_and_changes_nothing()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        WriteForgetfulDown();
        var migrator = NewMigrator(db);
        await migrator.UpAsync(); // one run: no schema was recorded between the two migrations

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.RedoAsync());

        Assert.Equal(MigrationConflict.RedoNotReversible, error.Conflict);
        Assert.Contains("20260101000002_create_c.sql:2: redo of 20260101000002: applying it again after its down step fails:", error.Message);
        Assert.Contains("nothing was changed", error.Message);
        Assert.Equal(["c_i"], Table(await migrator.ReadSchemaAsync(), "c").Indexes.Select(i => i.Name));
        Assert.Equal(MigrationState.Applied, StateOf(await migrator.StatusAsync(), "20260101000002"));
        await migrator.UpAsync(); // nothing pending, nothing failed
        Assert.Empty((await migrator.ValidateAsync()).Issues);
    }

    [Fact]
    public async Task Redo_of_a_forgetful_no_transaction_down_stops_before_applying_again_and_says_what_it_left()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write("20260101000002", "create_c", """
            -- cutover:up
            CREATE TABLE c (id integer PRIMARY KEY, v integer);
            CREATE INDEX c_i ON c (v);
            -- cutover:down no-transaction
            DROP INDEX c_i;
            """);
        await migrator.UpAsync();

        var error = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.RedoAsync());

        // A no-transaction step cannot be tried and rolled back: the down ran, and redo stops before the up would fail.
        Assert.Equal(MigrationConflict.RedoDownIncomplete, error.Conflict);
        Assert.Contains("its down step (which runs outside a transaction, so it could not be tried first) did not restore the schema recorded before it was applied: table ", error.Message);
        Assert.Contains("the migration is rolled back and was not applied again", error.Message);
        var status = await migrator.StatusAsync();
        Assert.Equal(MigrationState.Pending, StateOf(status, "20260101000002"));
        Assert.DoesNotContain(status.Migrations, m => m.State == MigrationState.Failed);
        await ScalarAsync(db, "DROP TABLE c");
        await migrator.UpAsync();
        Assert.Equal(MigrationState.Applied, StateOf(await migrator.StatusAsync(), "20260101000002"));
    }

    public void Dispose() => Files.Dispose();
}

public sealed class SqliteRollbackSafetyTests : RollbackSafetySpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());

    private protected override string Qualified(string table) => table;
}

public sealed class PostgresRollbackSafetyTests : RollbackSafetySpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override string Qualified(string table) => "public." + table;
}
