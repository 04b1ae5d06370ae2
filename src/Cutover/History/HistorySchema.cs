namespace Cutover.History;

/// <summary>
/// Cutover's own tables, defined here once: <see cref="Tables"/> is what each provider renders as DDL in its own types
/// (<see cref="IDatabaseProvider.CreateTableDdl"/>), and the engine reads and writes these names only.
/// In cutover_history, state is one of applied, running, failed, baseline, backfilling; operation is up, down or complete.
/// </summary>
public static class HistorySchema
{
    /// <summary>One row per applied (or in-progress, or failed) migration.</summary>
    public const string HistoryTable = "cutover_history";

    /// <summary>The append-only audit log.</summary>
    public const string LogTable = "cutover_log";

    /// <summary>The schema each run left behind (fingerprint and JSON snapshot): what drift detection expects.</summary>
    public const string SchemaTable = "cutover_schema";

    /// <summary>One checkpoint row per backfill step, updated in the transaction of each batch.</summary>
    public const string BackfillTable = "cutover_backfill";

    /// <summary>One checkpoint row per key range of a backfill that several workers walk, updated in the transaction of each of its batches.</summary>
    public const string BackfillRangeTable = "cutover_backfill_range";

    /// <summary>One row per migration that declares operations: the SQL generated for its phases, and its last verification.</summary>
    public const string OperationTable = "cutover_operation";

    /// <summary>One row per operation migration rolled out to part of the users: who gets its new shape.</summary>
    public const string RolloutTable = "cutover_rollout";

    /// <summary>Every table, in the order they are created.</summary>
    public static IReadOnlyList<StoredTable> Tables { get; } =
    [
        new(HistoryTable,
        [
            new("id", StoredType.Text, PrimaryKey: true), new("name", StoredType.Text), new("checksum", StoredType.Text),
            new("down_script", StoredType.Text, Nullable: true), new("state", StoredType.Text), new("operation", StoredType.Text),
            new("steps_done", StoredType.Integer, DefaultZero: true), new("statements_done", StoredType.Integer, DefaultZero: true),
            new("error", StoredType.Text, Nullable: true), new("applied_at", StoredType.Timestamp), new("applied_by", StoredType.Text),
            new("host", StoredType.Text), new("duration_ms", StoredType.BigInteger, DefaultZero: true), new("tool_version", StoredType.Text),
        ]),
        new(LogTable,
        [
            new("seq", StoredType.Identity, PrimaryKey: true), new("at", StoredType.Timestamp), new("action", StoredType.Text),
            new("migration_id", StoredType.Text, Nullable: true), new("outcome", StoredType.Text), new("by_user", StoredType.Text),
            new("host", StoredType.Text), new("duration_ms", StoredType.BigInteger, Nullable: true), new("detail", StoredType.Text, Nullable: true),
        ]),
        new(SchemaTable,
        [
            new("seq", StoredType.Identity, PrimaryKey: true), new("at", StoredType.Timestamp), new("migration_id", StoredType.Text, Nullable: true),
            new("fingerprint", StoredType.Text), new("snapshot", StoredType.Text),
        ]),
        new(BackfillTable,
        [
            new("id", StoredType.Text, PrimaryKey: true), new("migration_id", StoredType.Text), new("step", StoredType.Integer),
            new("table_name", StoredType.Text), new("source", StoredType.Text), new("key_columns", StoredType.Text),
            new("key_description", StoredType.Text), new("statement", StoredType.Text, Nullable: true), new("code", StoredType.Text, Nullable: true),
            new("fixed_batch", StoredType.Integer, Nullable: true), new("pause_ms", StoredType.Integer, Nullable: true),
            new("batch_size", StoredType.Integer), new("position", StoredType.Text, Nullable: true), new("rows_done", StoredType.BigInteger),
            new("rows_changed", StoredType.BigInteger), new("batches", StoredType.BigInteger), new("total_estimate", StoredType.BigInteger, Nullable: true),
            new("estimate_method", StoredType.Text, Nullable: true), new("state", StoredType.Text), new("error", StoredType.Text, Nullable: true),
            new("started_at", StoredType.Timestamp), new("updated_at", StoredType.Timestamp), new("elapsed_ms", StoredType.BigInteger),
            new("last_batch_ms", StoredType.BigInteger),
        ]),
        new(BackfillRangeTable,
        [
            new("id", StoredType.Text, PrimaryKey: true), new("backfill_id", StoredType.Text), new("migration_id", StoredType.Text),
            new("worker", StoredType.Integer), new("range_from", StoredType.Text, Nullable: true), new("range_to", StoredType.Text, Nullable: true),
            new("batch_size", StoredType.Integer), new("position", StoredType.Text, Nullable: true), new("rows_done", StoredType.BigInteger),
            new("rows_changed", StoredType.BigInteger), new("batches", StoredType.BigInteger), new("state", StoredType.Text),
            new("error", StoredType.Text, Nullable: true), new("updated_at", StoredType.Timestamp), new("elapsed_ms", StoredType.BigInteger),
            new("last_batch_ms", StoredType.BigInteger),
        ]),
        new(OperationTable,
        [
            new("migration_id", StoredType.Text, PrimaryKey: true), new("tables", StoredType.Text), new("expand_script", StoredType.Text),
            new("plan", StoredType.Text), new("created_at", StoredType.Timestamp), new("completed_at", StoredType.Timestamp, Nullable: true),
            new("retain_until", StoredType.Timestamp, Nullable: true), new("verified_at", StoredType.Timestamp, Nullable: true),
            new("verify_rows", StoredType.BigInteger, Nullable: true), new("verify_mismatches", StoredType.BigInteger, Nullable: true),
            new("verify_detail", StoredType.Text, Nullable: true),
        ]),
        new(RolloutTable,
        [
            new("migration_id", StoredType.Text, PrimaryKey: true), new("percent", StoredType.Integer), new("users", StoredType.Text, Nullable: true),
            new("user_groups", StoredType.Text, Nullable: true), new("updated_at", StoredType.Timestamp), new("updated_by", StoredType.Text),
            new("full_since", StoredType.Timestamp, Nullable: true),
        ]),
    ];
}
