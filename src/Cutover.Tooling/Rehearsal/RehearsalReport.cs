using Cutover.Schema;

namespace Cutover.Rehearsal;

/// <summary>What <c>cutover rehearse</c> is asked to do.</summary>
/// <param name="From">The database to copy (never written to).</param>
/// <param name="Into">Where the copy goes: a PostgreSQL server connection, or a folder for SQLite; null: beside the source.</param>
/// <param name="Keep">Keep the copy afterwards (its name is reported) instead of dropping it.</param>
/// <param name="ContractsFolder">The folder of contract queries (<c>contracts/*.sql</c>); null: <c>contracts</c> beside the migrations folder.</param>
/// <param name="ContractRuns">How many timed runs of each contract, before and after (the median is compared).</param>
/// <param name="StrictColumnOrder">
/// Fail the rollback drill when rolling back leaves a table's columns in another order. By default that is a warning: a
/// down step that re-adds a dropped column puts it last (PostgreSQL cannot insert a column), and queries by column name
/// and the data are the same.
/// </param>
public sealed record RehearsalOptions(string From, string? Into = null, bool Keep = false, string? ContractsFolder = null, int ContractRuns = 5, bool StrictColumnOrder = false);

/// <summary>One timed phase of a rehearsal.</summary>
/// <param name="Name">clone, snapshot, contracts before, audit, apply, contracts after, drill, and complete when a migration declares operations.</param>
/// <param name="ElapsedMs">How long it took.</param>
public sealed record RehearsalPhase(string Name, long ElapsedMs);

/// <summary>One pending migration as the rehearsal ran it on the copy.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its slug.</param>
/// <param name="Path">Its file.</param>
/// <param name="Metadata">Its header lines (why, test, owner …).</param>
/// <param name="Applied">Whether it applied on the copy.</param>
/// <param name="Error">The error when it did not.</param>
/// <param name="DurationMs">How long it ran on the copy.</param>
/// <param name="RowsChanged">Rows its statements changed on the copy.</param>
/// <param name="Changes">The schema changes it made.</param>
/// <param name="UpSql">Its up steps, as written.</param>
/// <param name="DownSql">Its down steps, as written (empty when irreversible).</param>
/// <param name="IrreversibleReason">Why it cannot be rolled back, when it says so.</param>
/// <param name="Lint">What <c>cutover check</c>'s lint says about it (allowed findings included, marked).</param>
/// <param name="Locks">PostgreSQL: the strongest lock it held on each table, and for how long.</param>
/// <param name="TouchedContracts">The contract queries that read a table it changes.</param>
public sealed record RehearsedMigration(
    string Id, string Name, string Path, IReadOnlyList<KeyValuePair<string, string>> Metadata, bool Applied, string? Error,
    long DurationMs, long RowsChanged, IReadOnlyList<SchemaChange> Changes, string UpSql, string DownSql, string? IrreversibleReason,
    IReadOnlyList<Checking.CheckFinding> Lint, IReadOnlyList<LockHeld> Locks, IReadOnlyList<string> TouchedContracts)
{
    /// <summary>For a migration that declares operations: each phase of their lifecycle on the copy, timed, with its SQL; null otherwise.</summary>
    public RehearsedOperations? Operations { get; init; }
}

/// <summary>A table whose row count the rollback drill did not restore.</summary>
/// <param name="Table">The table.</param>
/// <param name="Before">Rows before the pending migrations ran.</param>
/// <param name="After">Rows after rolling them back (null: the table is gone).</param>
public sealed record RowCountDifference(string Table, long Before, long? After);

/// <summary>A table whose rows the rollback drill did not restore to what they held before, though their count may be the same.</summary>
/// <param name="Table">The table.</param>
/// <param name="Columns">The columns whose values differ; empty when only the way values are combined into rows differs.</param>
public sealed record RowContentDifference(string Table, IReadOnlyList<string> Columns);

/// <summary>The rollback drill: every rehearsed migration's down in reverse, then up again.</summary>
/// <param name="Ran">Whether the drill ran (not when a migration failed or is irreversible).</param>
/// <param name="SkippedBecause">Why it did not run.</param>
/// <param name="SchemaRestored">The schema after rolling back equals the one before the migrations (columns that only moved are a warning, unless <see cref="RehearsalOptions.StrictColumnOrder"/>).</param>
/// <param name="SchemaDifferences">What rolling back left different.</param>
/// <param name="RowCountsRestored">Every table's row count after rolling back equals its count before.</param>
/// <param name="RowCountDifferences">Which tables' counts differ.</param>
/// <param name="ReapplyMatches">Applying again gives the fingerprint of the first apply.</param>
/// <param name="ReapplyDifferences">What the second apply left different.</param>
/// <param name="Error">An error from a down or up step during the drill.</param>
/// <param name="RowContentDifferences">
/// The tables the migrations touch whose rows hold other values after rolling back (compared by checksums of their rows
/// and of each column's values), for example a down step that sets a column to NULL.
/// </param>
/// <param name="ReorderedColumns">
/// Tables whose columns came back in another order: a warning, not a failure (unless <see cref="RehearsalOptions.StrictColumnOrder"/>).
/// </param>
/// <param name="RewrittenByUp">
/// Tables whose rows hold other values after rolling back only in columns an up step sets with an <c>UPDATE</c> (a
/// backfill): a down step is not expected to give their old values back, so this is a note, not a failure.
/// </param>
public sealed record DrillResult(
    bool Ran, string? SkippedBecause, bool SchemaRestored, IReadOnlyList<SchemaChange> SchemaDifferences,
    bool RowCountsRestored, IReadOnlyList<RowCountDifference> RowCountDifferences, bool ReapplyMatches, IReadOnlyList<SchemaChange> ReapplyDifferences, string? Error,
    IReadOnlyList<RowContentDifference> RowContentDifferences, IReadOnlyList<SchemaChange> ReorderedColumns, IReadOnlyList<RowContentDifference> RewrittenByUp)
{
    /// <summary>Every table the migrations touch holds, after rolling back, the rows it held before.</summary>
    public bool RowContentRestored => RowContentDifferences.Count == 0;

    /// <summary>The drill ran and proved the round trip.</summary>
    public bool Passed => Ran && Error is null && SchemaRestored && RowCountsRestored && RowContentRestored && ReapplyMatches;
}

/// <summary>Everything a rehearsal found; <see cref="Failures"/> is empty when it passed.</summary>
/// <param name="Source">The source, password removed.</param>
/// <param name="CopyMethod">How the copy was made.</param>
/// <param name="Copy">The copy's name (kept only with <c>--keep</c>).</param>
/// <param name="Kept">Whether the copy was kept.</param>
/// <param name="FingerprintBefore">The schema fingerprint before the pending migrations (S0).</param>
/// <param name="FingerprintAfter">After them (S1).</param>
/// <param name="Migrations">The pending migrations, in order.</param>
/// <param name="Changes">Every schema change from S0 to S1.</param>
/// <param name="Drill">The rollback drill.</param>
/// <param name="Phases">Each phase's time.</param>
/// <param name="Audit">The data audit: for each constraint the pending migrations add, the existing rows that would violate it.</param>
/// <param name="Contracts">Each contract query's result: run before and after the migrations and compared.</param>
/// <param name="Failures">One line per failure, naming the migration (or contract, or audit finding).</param>
/// <param name="RehearsedAt">When the rehearsal started (UTC).</param>
public sealed record RehearsalReport(
    string Source, string CopyMethod, string Copy, bool Kept, string FingerprintBefore, string FingerprintAfter,
    IReadOnlyList<RehearsedMigration> Migrations, IReadOnlyList<SchemaChange> Changes, DrillResult Drill,
    IReadOnlyList<RehearsalPhase> Phases, IReadOnlyList<Audit.AuditFinding> Audit, IReadOnlyList<Contracts.ContractResult> Contracts, IReadOnlyList<string> Failures, DateTime RehearsedAt)
{
    /// <summary>Whether everything the rehearsal checked held.</summary>
    public bool Passed => Failures.Count == 0;
}
