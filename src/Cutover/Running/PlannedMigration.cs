using Cutover.Files;
using Cutover.History;
using Cutover.Sql;

namespace Cutover.Running;

/// <summary>A migration known from its file, its history row, or both, and where it stands.</summary>
internal sealed record PlannedMigration(string Id, string Name, MigrationFile? File, HistoryRecord? Record, MigrationState State)
{
    /// <summary>The generated SQL of its operations, once their expand started.</summary>
    public Operations.OperationRecord? Operation { get; init; }

    /// <summary>Where its operations stand: expanding, expanded, completing, completed or aborting; null for a migration without operations.</summary>
    public string? Phase => Operation is null ? null : Record switch
    {
        null => "expanding",
        { IsRollingBack: true } => "aborting",
        { IsCompleting: true, State: HistoryStates.Applied } => "completed",
        { IsCompleting: true } => "completing",
        { State: HistoryStates.Applied } => "expanded",
        _ => "expanding",
    };

    /// <summary>
    /// The complete of its operations started and did not finish (killed, connection lost, a step failed): its history
    /// row counts complete steps, and the old shape may be partly gone. Only completing it again can go on from there.
    /// </summary>
    public bool CompleteUnfinished => Record is { IsCompleting: true, State: not HistoryStates.Applied };

    /// <summary>Why <paramref name="refused"/> (apply, roll back) cannot run while <see cref="CompleteUnfinished"/>.</summary>
    public MigrationStateException CompleteUnfinishedError(string refused) => new(Id, MigrationConflict.CompleteUnfinished,
        $"{Where}: cannot {refused}: the complete of migration {Id}'s operations did not finish ({Record!.StepsDone} of its step(s) done{(Record.State == HistoryStates.Failed ? $"; {Record.Error}" : "")})",
        "complete it again: it resumes at the step that did not finish");

    /// <summary>Where a message about this migration points: its file, or its history row when the file is gone.</summary>
    public string Where => File?.Path ?? $"history:{Id}_{Name}";

    /// <summary>
    /// The down steps as they were when the migration was applied (stored in its history row): a rollback undoes what
    /// ran, even after the file was edited or a branch switch removed it.
    /// </summary>
    public MigrationFile StoredDownScript(SqlDialect dialect) =>
        MigrationFileParser.ParseDownScript(Id, Name, Record!.DownScript ?? "", dialect);

    /// <summary>
    /// An apply that stopped at a backfill step — interrupted (Ctrl+C, a kill), a batch failed, or the backfill was
    /// cancelled under it. Every step before the backfill is applied and each batch committed with its checkpoint, so
    /// the migration is as settled as one waiting for a deferred backfill: it can be rolled back.
    /// </summary>
    public bool StoppedAtBackfill =>
        State == MigrationState.Interrupted && Record is { IsRollingBack: false, IsCompleting: false, StatementsDone: 0 } record
        && File?.UpSteps.ElementAtOrDefault(record.StepsDone) is { Kind: StepKind.Backfill };

    public MigrationStatus ToStatus() => new(
        Id, Name, State,
        Record?.AppliedAt, Record?.AppliedBy, Record?.DurationMs,
        State switch
        {
            // An interrupted phase of declared operations says what is in place and which phase finishes it.
            MigrationState.Interrupted when Record!.IsCompleting =>
                $"complete stopped after {Record.StepsDone} step(s) and {Record.StatementsDone} statement(s) of the next: part of the old shape may be dropped already; " +
                "completing it again resumes it (applying and rolling back refuse until then)",
            MigrationState.Failed when Record!.IsCompleting => $"complete failed: {Record.Error}; completing it again retries the step that failed",
            MigrationState.Interrupted when Operation is not null && Record!.IsRollingBack =>
                $"abort stopped after {Record.StepsDone} step(s) and {Record.StatementsDone} statement(s) of the next; aborting it again resumes it",
            MigrationState.Interrupted when Operation is not null =>
                $"expand stopped after {Record!.StepsDone} step(s) and {Record.StatementsDone} statement(s) of the next{(StoppedAtBackfill ? " (in its backfill, whose checkpoint keeps the rows done)" : "")}; " +
                "applying it again resumes it from the stored plan, aborting it removes what it added",
            MigrationState.Pending or MigrationState.OutOfOrder when Operation is not null =>
                $"expand started ({Operation.CreatedAt:u}): its plan is stored but none of its steps committed; applying it again runs the stored plan, aborting it drops the plan",
            MigrationState.Backfilling when Operation is not null =>
                $"expanding: waiting for the backfill of step {Record!.StepsDone + 1} (see the backfill's status); {Record.StepsDone} step(s) applied; aborting it removes what it added",
            MigrationState.Failed => Record!.Error,
            MigrationState.Interrupted =>
                $"{(Record!.IsRollingBack ? "rollback" : "apply")} stopped after {Record.StepsDone} step(s) and {Record.StatementsDone} statement(s) of the next; the next run resumes it",
            MigrationState.Backfilling =>
                $"waiting for the backfill of step {Record!.StepsDone + 1} (see the backfill's status); {Record.StepsDone} step(s) applied, the rest run when it is done",
            MigrationState.Changed => $"file checksum {File!.Checksum[..12]} differs from applied {Record!.Checksum[..Math.Min(12, Record.Checksum.Length)]}",
            MigrationState.Missing => "applied, but its file is gone; " + StoredRollback(Record!.DownScript),
            _ => null,
        }, Phase,
        Verification: Operation is { VerifiedAt: { } verifiedAt } op
            ? new Operations.LastVerification(verifiedAt, op.VerifyRows ?? 0, op.VerifyMismatches ?? 0, op.VerifyDetail)
            : null);

    /// <summary>
    /// What a rollback of a migration whose file is gone can do, from its stored down script (the text
    /// <see cref="MigrationFileParser.DownScript"/> wrote: an irreversible line, down steps, or nothing).
    /// </summary>
    internal bool CanRollBackWithoutFile => Record?.DownScript is { } down && !string.IsNullOrWhiteSpace(down)
        && !down.StartsWith("-- cutover:irreversible", StringComparison.Ordinal);

    private static string StoredRollback(string? downScript) =>
        string.IsNullOrWhiteSpace(downScript) ? "no down SQL is stored, so it cannot be rolled back"
        : downScript.StartsWith("-- cutover:irreversible", StringComparison.Ordinal) ? "it is irreversible"
        : "it can still be rolled back from the stored down SQL";
}
