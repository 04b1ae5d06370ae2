using System.Data.Common;
using Cutover.Backfill;
using Cutover.History;
using Cutover.Schema;

namespace Cutover.Tests.HistoryTables;

/// <summary>
/// Cutover's own tables read back exactly what was written to them — every column of a history row, an audit entry
/// and a backfill checkpoint, UTC times as UTC — on both providers. The migrator tests show the rows are written at
/// the right moments; these pin what a row holds. Each test has its own database.
/// </summary>
public abstract class HistoryTablesSpecification
{
    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    private static readonly DateTime At = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private async Task<DbConnection> OpenWithTablesAsync()
    {
        var connection = await Provider.OpenAsync(await NewDatabaseAsync(), forReading: false, CancellationToken.None);
        await HistoryTable.EnsureCreatedAsync(connection, Provider, CancellationToken.None);
        return connection;
    }

    // One command at a time: two rows of one table in a batch would repeat parameter names.
    private static async Task RunAsync(DbConnection connection, params SqlCommandText[] commands)
    {
        foreach (var command in commands)
            await DbCommands.ExecuteBatchAsync(connection, null, [command], CancellationToken.None);
    }

    private static HistoryRecord Row(string id, string state = HistoryStates.Applied) =>
        new(id, "add_roles", "c0ffee", "-- cutover:down\nDROP TABLE t;\n", state, HistoryStates.Up, 2, 3, "step 2 failed", At, "alice", "build-7", 1234, "0.1.0");

    [Fact]
    public async Task A_history_row_reads_back_with_every_column_as_written_and_its_time_in_utc()
    {
        await using var connection = await OpenWithTablesAsync();
        var written = Row("20260101000001");
        await RunAsync(connection, HistoryTable.Insert(written));

        var read = Assert.Single(await HistoryTable.ReadAllAsync(connection, CancellationToken.None));

        Assert.Equal(written, read);
        Assert.Equal(DateTimeKind.Utc, read.AppliedAt.Kind);
    }

    [Fact]
    public async Task Null_down_script_and_error_read_back_as_null()
    {
        await using var connection = await OpenWithTablesAsync();
        var written = Row("20260101000001") with { DownScript = null, Error = null };
        await RunAsync(connection, HistoryTable.Insert(written));

        var read = Assert.Single(await HistoryTable.ReadAllAsync(connection, CancellationToken.None));

        Assert.Null(read.DownScript);
        Assert.Null(read.Error);
    }

    [Fact]
    public async Task An_update_rewrites_every_column_of_that_row_only()
    {
        await using var connection = await OpenWithTablesAsync();
        await RunAsync(connection, HistoryTable.Insert(Row("20260101000001")), HistoryTable.Insert(Row("20260101000002")));
        var changed = new HistoryRecord("20260101000001", "renamed", "beef", null, HistoryStates.Failed, HistoryStates.Down, 5, 6, null,
            At.AddHours(1), "bob", "laptop", 99, "0.2.0");

        await RunAsync(connection, HistoryTable.Update(changed));

        var rows = await HistoryTable.ReadAllAsync(connection, CancellationToken.None);
        Assert.Equal([changed, Row("20260101000002")], rows);
    }

    [Fact]
    public async Task Upsert_inserts_a_missing_row_then_updates_it_in_place()
    {
        await using var connection = await OpenWithTablesAsync();

        await HistoryTable.UpsertAsync(connection, null, Row("20260101000001", HistoryStates.Running), CancellationToken.None);
        await HistoryTable.UpsertAsync(connection, null, Row("20260101000001", HistoryStates.Failed), CancellationToken.None);

        var read = Assert.Single(await HistoryTable.ReadAllAsync(connection, CancellationToken.None));
        Assert.Equal(HistoryStates.Failed, read.State);
    }

    [Fact]
    public async Task Delete_removes_only_the_row_with_that_id()
    {
        await using var connection = await OpenWithTablesAsync();
        await RunAsync(connection, HistoryTable.Insert(Row("20260101000001")), HistoryTable.Insert(Row("20260101000002")));

        await HistoryTable.DeleteAsync(connection, null, "20260101000001", CancellationToken.None);

        Assert.Equal("20260101000002", Assert.Single(await HistoryTable.ReadAllAsync(connection, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Rows_read_in_id_order_whatever_the_order_they_were_written_in()
    {
        await using var connection = await OpenWithTablesAsync();
        await RunAsync(connection, HistoryTable.Insert(Row("20260101000003")), HistoryTable.Insert(Row("20260101000001")), HistoryTable.Insert(Row("20260101000002")));

        var ids = (await HistoryTable.ReadAllAsync(connection, CancellationToken.None)).Select(r => r.Id);

        Assert.Equal(["20260101000001", "20260101000002", "20260101000003"], ids);
    }

    [Fact]
    public async Task Reading_a_database_without_cutover_tables_finds_nothing_and_creates_nothing()
    {
        await using var connection = await Provider.OpenAsync(await NewDatabaseAsync(), forReading: false, CancellationToken.None);

        Assert.Empty(await HistoryTable.ReadAllAsync(connection, CancellationToken.None));
        Assert.Empty(await AuditLog.ReadAsync(connection, 10, CancellationToken.None));
        Assert.Empty(await CheckpointTable.ReadAllAsync(connection, CancellationToken.None));
        Assert.Null(await SchemaRecords.LatestAsync(connection, CancellationToken.None));
        Assert.False(await DbCommands.TableExistsAsync(connection, HistorySchema.HistoryTable, CancellationToken.None));
        Assert.False(await DbCommands.TableExistsAsync(connection, HistorySchema.LogTable, CancellationToken.None));
    }

    [Fact]
    public async Task The_audit_log_reads_back_the_newest_entries_first_with_who_where_and_how_long()
    {
        await using var connection = await OpenWithTablesAsync();
        var audit = new AuditLog("alice", "build-7");
        var before = DateTime.UtcNow.AddSeconds(-5);
        await audit.AppendAsync(connection, null, "up", "20260101000001", "ok", 120, null, CancellationToken.None);
        await audit.AppendAsync(connection, null, "lock", null, "waited", null, "held by bob", CancellationToken.None);
        await RunAsync(connection, audit.Entry("down", "20260101000002", "failed", 7, "step 1: boom"));

        var newest = await AuditLog.ReadAsync(connection, 2, CancellationToken.None);

        Assert.Equal(2, newest.Count);
        var (down, lockEntry) = (newest[0], newest[1]);
        Assert.True(down.Seq > lockEntry.Seq);
        Assert.Equal(("down", "20260101000002", "failed", "alice", "build-7", (long?)7, "step 1: boom"),
            (down.Action, down.MigrationId, down.Outcome, down.By, down.Host, down.DurationMs, down.Detail));
        Assert.Equal(("lock", (string?)null, "waited", (long?)null, "held by bob"),
            (lockEntry.Action, lockEntry.MigrationId, lockEntry.Outcome, lockEntry.DurationMs, lockEntry.Detail));
        Assert.Equal(DateTimeKind.Utc, down.At.Kind);
        Assert.InRange(down.At, before, DateTime.UtcNow.AddSeconds(5));
        var all = await AuditLog.ReadAsync(connection, 10, CancellationToken.None);
        Assert.Equal(["down", "lock", "up"], all.Select(e => e.Action));
        Assert.Null(all[2].Detail);
    }

    private static BackfillStatus Checkpoint(string id, string migration, string state = BackfillStates.Running) =>
        new(id, migration, 2, "orders", "migrations/x.sql:4", ["\"tenant\"", "\"id\""], "key=tenant,id",
            "UPDATE orders SET v = 1 WHERE {batch}", null, 500, 25, 750, "[\"i:1\",\"i:42\"]", 1000, 900, 2, 5000, "count", state, null,
            At, At.AddMinutes(1), 4321, 17);

    private static object Columns(BackfillStatus s) => new
    {
        s.Id, s.MigrationId, s.Step, s.Table, s.Source, Keys = string.Join("|", s.KeyColumns), s.KeyDescription, s.Statement, s.Code,
        s.FixedBatch, s.PauseMs, s.BatchSize, s.Position, s.RowsDone, s.RowsChanged, s.Batches, s.TotalEstimate, s.EstimateMethod,
        s.State, s.Error, s.StartedAt, s.UpdatedAt, s.ElapsedMs, s.LastBatchMs,
    };

    [Fact]
    public async Task A_checkpoint_reads_back_with_every_column_as_written()
    {
        await using var connection = await OpenWithTablesAsync();
        var written = Checkpoint("20260101000001/2", "20260101000001");
        var code = Checkpoint("20260101000001/3", "20260101000001") with { Statement = null, Code = "Normalise", FixedBatch = null, PauseMs = null, Position = null, TotalEstimate = null, EstimateMethod = null, Error = "paused by bob" };
        await RunAsync(connection, CheckpointTable.Insert(written));
        await RunAsync(connection, CheckpointTable.Insert(code));

        var read = await CheckpointTable.ReadAsync(connection, null, written.Id, CancellationToken.None);
        var readCode = await CheckpointTable.ReadAsync(connection, null, code.Id, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(Columns(written), Columns(read));
        Assert.Equal(DateTimeKind.Utc, read.StartedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, read.UpdatedAt.Kind);
        Assert.NotNull(readCode);
        Assert.Equal(Columns(code), Columns(readCode));
        Assert.Null(await CheckpointTable.ReadAsync(connection, null, "20260101000009/1", CancellationToken.None));
    }

    [Fact]
    public async Task A_checkpoint_update_writes_the_progress_and_state_of_that_backfill_only()
    {
        await using var connection = await OpenWithTablesAsync();
        var first = Checkpoint("20260101000001/2", "20260101000001");
        var other = Checkpoint("20260101000002/1", "20260101000002");
        await RunAsync(connection, CheckpointTable.Insert(first), CheckpointTable.Insert(other));
        var progressed = first with
        {
            BatchSize = 1125, Position = "[\"i:2\",\"i:7\"]", RowsDone = 1750, RowsChanged = 1600, Batches = 3, State = BackfillStates.Failed,
            Error = "batch 4 failed", UpdatedAt = At.AddMinutes(2), ElapsedMs = 5000, LastBatchMs = 40,
        };

        await RunAsync(connection, CheckpointTable.Update(progressed));

        Assert.Equal(Columns(progressed), Columns((await CheckpointTable.ReadAsync(connection, null, first.Id, CancellationToken.None))!));
        Assert.Equal(Columns(other), Columns((await CheckpointTable.ReadAsync(connection, null, other.Id, CancellationToken.None))!));
        var claimed = await CheckpointTable.ClaimAsync(connection, (await connection.BeginTransactionAsync()), first.Id, CancellationToken.None);
        Assert.Equal(Columns(progressed), Columns(claimed!));
    }

    [Fact]
    public async Task A_transition_moves_a_backfill_only_from_the_states_it_names()
    {
        await using var connection = await OpenWithTablesAsync();
        await RunAsync(connection, CheckpointTable.Insert(Checkpoint("20260101000001/2", "20260101000001")));

        var fromDone = await CheckpointTable.TransitionAsync(connection, "20260101000001/2", [BackfillStates.Done, BackfillStates.Cancelled], BackfillStates.Paused, "no", CancellationToken.None);
        var fromRunning = await CheckpointTable.TransitionAsync(connection, "20260101000001/2", [BackfillStates.Queued, BackfillStates.Running], BackfillStates.Paused, "by bob", CancellationToken.None);
        var unknown = await CheckpointTable.TransitionAsync(connection, "20260101000009/1", [BackfillStates.Running], BackfillStates.Paused, null, CancellationToken.None);

        Assert.False(fromDone);
        Assert.True(fromRunning);
        Assert.False(unknown);
        var read = (await CheckpointTable.ReadAsync(connection, null, "20260101000001/2", CancellationToken.None))!;
        Assert.Equal((BackfillStates.Paused, "by bob"), (read.State, read.Error));
        Assert.True(read.UpdatedAt > At.AddMinutes(1));
    }

    [Fact]
    public async Task Deleting_a_migrations_checkpoints_keeps_those_of_other_migrations()
    {
        await using var connection = await OpenWithTablesAsync();
        await RunAsync(connection, CheckpointTable.Insert(Checkpoint("20260101000001/2", "20260101000001")),
            CheckpointTable.Insert(Checkpoint("20260101000001/4", "20260101000001")), CheckpointTable.Insert(Checkpoint("20260101000002/1", "20260101000002")));

        await RunAsync(connection, CheckpointTable.DeleteForMigration("20260101000001"));

        Assert.Equal(["20260101000002/1"], (await CheckpointTable.ReadAllAsync(connection, CancellationToken.None)).Select(s => s.Id));
    }

    [Fact]
    public async Task Checkpoints_read_in_id_order()
    {
        await using var connection = await OpenWithTablesAsync();
        await RunAsync(connection, CheckpointTable.Insert(Checkpoint("20260101000002/1", "20260101000002")),
            CheckpointTable.Insert(Checkpoint("20260101000001/2", "20260101000001")));

        Assert.Equal(["20260101000001/2", "20260101000002/1"], (await CheckpointTable.ReadAllAsync(connection, CancellationToken.None)).Select(s => s.Id));
    }

    [Fact]
    public async Task Catalog_rows_read_null_values_as_null_and_the_rest_as_values()
    {
        await using var connection = await Provider.OpenAsync(await NewDatabaseAsync(), forReading: false, CancellationToken.None);
        await using var command = DbCommands.Create(connection, null, "SELECT 1, NULL, 'x' UNION ALL SELECT 2, 'y', NULL");
        await using var reader = await command.ExecuteReaderAsync();

        var rows = await Cutover.Schema.CatalogRows.ReadAllAsync(reader, CancellationToken.None);

        Assert.Equal(2, rows.Count);
        Assert.Equal(1L, Convert.ToInt64(rows[0][0]));
        Assert.Null(rows[0][1]);
        Assert.Equal("x", rows[0][2]);
        Assert.Equal("y", rows[1][1]);
        Assert.Null(rows[1][2]);
    }

    private async Task<SchemaSnapshot> SnapshotAfterAsync(DbConnection connection, string ddl)
    {
        await DbCommands.ExecuteAsync(connection, null, ddl, CancellationToken.None);
        return SchemaSnapshot.Of(await Provider.ReadSchemaAsync(connection, ["public"], CancellationToken.None));
    }

    [Fact]
    public async Task The_schema_a_run_left_reads_back_newest_first_and_by_the_migration_that_was_newest()
    {
        await using var connection = await OpenWithTablesAsync();
        Assert.Null(await SchemaRecords.LatestAsync(connection, CancellationToken.None));
        var none = await SnapshotAfterAsync(connection, "CREATE TABLE a (id integer)");
        var first = await SnapshotAfterAsync(connection, "CREATE TABLE b (id integer)");
        var second = await SnapshotAfterAsync(connection, "CREATE TABLE c (id integer)");
        Assert.NotEqual(none.Fingerprint, first.Fingerprint);

        await SchemaRecords.AppendAsync(connection, none, null, CancellationToken.None);
        await SchemaRecords.AppendAsync(connection, first, "20260101000001", CancellationToken.None);
        await SchemaRecords.AppendAsync(connection, second, "20260101000002", CancellationToken.None);

        var latest = await SchemaRecords.LatestAsync(connection, CancellationToken.None);
        Assert.NotNull(latest);
        Assert.Equal(second.Fingerprint, latest.Value.Snapshot.Fingerprint);
        Assert.Equal("20260101000002", latest.Value.Migration);
        Assert.Equal(DateTimeKind.Utc, latest.Value.At.Kind);
        Assert.Equal(none.Fingerprint, (await SchemaRecords.LatestWhileNewestAsync(connection, null, CancellationToken.None))?.Fingerprint);
        Assert.Equal(first.Fingerprint, (await SchemaRecords.LatestWhileNewestAsync(connection, "20260101000001", CancellationToken.None))?.Fingerprint);
        Assert.Null(await SchemaRecords.LatestWhileNewestAsync(connection, "20260101000009", CancellationToken.None));
    }
}
