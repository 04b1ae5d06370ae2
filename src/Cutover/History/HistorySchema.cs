namespace Cutover.History;

/// <summary>
/// The columns of Cutover's own tables. Providers write the DDL in their types; the engine reads and
/// writes these names only.
/// <code>
/// cutover_history(id text primary key, name, checksum, down_script null, state, operation,
///                 steps_done, statements_done, error null, applied_at, applied_by, host,
///                 duration_ms, tool_version)
/// cutover_log(seq auto-increment primary key, at, action, migration_id null, outcome,
///             by_user, host, duration_ms null, detail null)
/// </code>
/// state is one of applied, running, failed, baseline; operation is up or down.
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
}
