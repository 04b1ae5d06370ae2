using System.Text;
using Cutover.Files;
using Cutover.Running;

namespace Cutover.Cli;

/// <summary>
/// What the CLI makes of an engine error: the exit code it documents (docs/exit-codes.md), the message in the CLI's
/// words (options as flags) and a hint naming the command to run. The engine's errors carry data; this is the only
/// place that turns them into commands and exit codes.
/// </summary>
internal static class ErrorAdvice
{
    private const string CheckConnection = "check --connection, CUTOVER_CONNECTION or \"connection\" in cutover.json";
    private const string ListIds = "run `cutover status` to list the ids";

    public static ExitCode ExitCodeOf(CutoverException error) => error switch
    {
        InvalidInputException => ExitCode.BadInput,
        DataLossException => ExitCode.BadInput,
        LockTimeoutException => ExitCode.LockTimeout,
        MigrationStateException { Conflict: MigrationConflict.Changed or MigrationConflict.OutOfOrder or MigrationConflict.HistoryUnreadable or MigrationConflict.NotVerified or MigrationConflict.RolloutNotDone } => ExitCode.ValidationFailed,
        BackfillException { Problem: BackfillProblem.NotFound or BackfillProblem.Ambiguous } => ExitCode.BadInput,
        _ => ExitCode.Failed,
    };

    public static string MessageOf(CutoverException error) => error switch
    {
        InvalidOptionException { Option: nameof(CutoverOptions.MigrationsFolder) } e => $"{e.Value}: {e.Problem}",
        InvalidOptionException e => e.Value is null ? $"{Flag(e.Option)} {e.Problem}" : $"{Flag(e.Option)} {e.Value}: {e.Problem}",
        _ => error.Message,
    };

    public static string? HintOf(CutoverException error) => error switch
    {
        InvalidOptionException e => OptionHint(e),
        InvalidMigrationNameException { OtherFile: not null } => "re-timestamp one with `cutover new`",
        InvalidMigrationNameException e => MigrationNameHint.For(e.Remedy),
        ConnectionFailedException e => e.Remedy ?? CheckConnection,
        ConnectionLostException e =>
            $"the step that was running did not complete (a transactional step rolled back); once the database answers again, run `cutover {e.Operation}` again: it resumes where the migration stopped",
        MigrationStateException { Conflict: MigrationConflict.CompleteUnfinished } e => $"run `cutover complete {e.MigrationId}` again: it resumes at the step that did not finish",
        // A refusal that says what to do about it (a complete guard) keeps its own remedy.
        MigrationStateException { Conflict: MigrationConflict.OperationPhase, Remedy: { } remedy } => remedy,
        MigrationStateException e => HintFor(e.Conflict),
        MigrationFailedException e => e.StepIsTransactional
            ? $"nothing of step {e.Step} was applied (its transaction rolled back); fix the cause, then run `cutover repair` and `cutover {e.Operation}` again"
            : $"step {e.Step} is not transactional: statements before {e.Statement} stay applied; fix the cause, then run `cutover repair` and `cutover {e.Operation}` to continue from statement {e.Statement}",
        BackfillException e => BackfillHint(e),
        DataLossException => "copy what you need first; then roll back with `cutover down --accept-data-loss` (or answer yes at a terminal)",
        _ => error.Remedy,
    };

    /// <summary>What to run about a migration in the way (also the hint of each <c>validate</c> finding).</summary>
    public static string HintFor(MigrationConflict conflict) => conflict switch
    {
        MigrationConflict.Failed => "fix the cause, run `cutover repair`, then `cutover up` again",
        MigrationConflict.Unfinished => "run `cutover up` to finish it",
        MigrationConflict.RollbackUnfinished => "run `cutover down` to finish the rollback first",
        MigrationConflict.UnfinishedFileMissing => "restore the file (git checkout) so `cutover up` can finish it",
        MigrationConflict.FileMissing => "restore the file, or roll it back with `cutover down` (the down SQL is stored in the database)",
        MigrationConflict.FileMissingNoRollback => "restore the file (git checkout): no down SQL is stored for it, so it cannot be rolled back without it",
        MigrationConflict.Changed => "restore the applied version (git checkout), or run `cutover repair --accept-checksums` if the edit is intended",
        MigrationConflict.OutOfOrder => "apply it anyway with `cutover up --allow-out-of-order`, or give it a newer id with `cutover new --rename <file>`",
        MigrationConflict.Irreversible => "restore from a backup, or write a new migration that undoes it",
        MigrationConflict.NoDownStep => "add a `-- cutover:down` step and run `cutover repair --accept-checksums`, or write a new migration that undoes it",
        MigrationConflict.FailedBeforeRollback => "run `cutover repair`, then `cutover up` to finish it, before rolling back",
        MigrationConflict.UnfinishedBeforeRollback => "run `cutover up` to finish it first",
        MigrationConflict.RedoFileMissing => "restore the file, or use `cutover down`",
        MigrationConflict.RedoNotReversible => "make the down step undo exactly what the up step does, then run `cutover redo` again (the migration is applied)",
        MigrationConflict.HistoryUnreadable =>
            "the row was changed outside Cutover: correct that column of cutover_history (or delete the row if the migration never ran), then run `cutover validate`",
        MigrationConflict.RedoDownIncomplete => "remove what the down step left behind and fix the down step, then run `cutover up` (the migration is rolled back)",
        MigrationConflict.OperationOverlap => "run `cutover complete <id>` or `cutover abort <id>` on the migration in the way, then `cutover up` again",
        MigrationConflict.OperationPhase => "run `cutover status` to see the phase of each migration's operations",
        MigrationConflict.CompleteUnfinished => "run `cutover complete <id>` again: it resumes at the step that did not finish",
        MigrationConflict.NotVerified => "run `cutover verify <id>` (add --repair to fix mismatches), or `cutover complete <id> --force --reason \"…\"`",
        MigrationConflict.RolloutNotDone => "run `cutover rollout status`: complete needs the rollout at 100% for rolloutSoakMinutes (60), abort needs it back at 0 (`cutover rollout <id> --percent 0 --users \"\" --groups \"\"`); or add --force --reason \"…\"",
        _ => throw new ArgumentOutOfRangeException(nameof(conflict), conflict, null),
    };

    /// <summary>An options property as the CLI's flag: <c>AllowOutOfOrder</c> is <c>--allow-out-of-order</c>.</summary>
    public static string Flag(string option)
    {
        var flag = new StringBuilder("--");
        for (var i = 0; i < option.Length; i++)
        {
            if (char.IsUpper(option[i]) && i > 0)
                flag.Append('-');
            flag.Append(char.ToLowerInvariant(option[i]));
        }
        return flag.ToString();
    }

    private static string? OptionHint(InvalidOptionException e)
    {
        var flag = Flag(e.Option);
        if (e.Suggestion is not null)
            return $"use {flag} {e.Suggestion}";
        return e.Option switch
        {
            nameof(UpOptions.To) or nameof(RepairOptions.Id) => e.Remedy is null ? ListIds : $"{ListIds}; {flag} {e.Remedy}",
            nameof(CutoverOptions.MigrationsFolder) => "check --migrations, CUTOVER_MIGRATIONS or \"migrations\" in cutover.json, or run `cutover init`",
            "From" => e.Remedy ?? "point --from at the database to rehearse on, e.g. --from \"Data Source=app.db\"",
            "Into" => "give an existing folder for the copy, or leave --into out to use the temp folder",
            _ => e.Remedy,
        };
    }

    private static string? BackfillHint(BackfillException e) => e.Problem switch
    {
        BackfillProblem.NotFound => e.Remedy ?? "run `cutover backfill status` to list them",
        BackfillProblem.Ambiguous => e.Remedy,
        BackfillProblem.WrongState => "run `cutover backfill status` to see where it stands",
        BackfillProblem.Disappeared => "run `cutover status`",
        BackfillProblem.CheckpointBusy =>
            "another runner's batch, or a `cutover backfill pause`/`resume`/`cancel`, holds it; see `cutover backfill status` and run `cutover up` again when that is done",
        BackfillProblem.BatchFailed =>
            $"nothing of this batch was applied and earlier batches stay done; fix the cause and run `cutover up` (or `cutover backfill resume {e.BackfillId}` for a background runner) to retry it",
        BackfillProblem.Cancelled => $"continue it with `cutover backfill resume {e.BackfillId}` then `cutover up`, or roll the migration back with `cutover down`",
        BackfillProblem.NotRunnable => $"{e.Remedy}; the steps before it are applied, and `cutover up` continues from this step once the file is fixed",
        _ => e.Remedy,
    };
}
