using Cutover.Operations;
using Cutover.Schema;

namespace Cutover.Rehearsal;

/// <summary>One phase of a migration's declared operations as the rehearsal ran it on the copy.</summary>
/// <param name="Name">expand, verify, abort, expand again, verify again or complete, in the order they ran.</param>
/// <param name="Ran">Whether it ran (a phase after a failure does not).</param>
/// <param name="ElapsedMs">How long it took on the copy (0 when it did not run).</param>
/// <param name="Outcome">What it proved or why it failed or did not run, in words.</param>
public sealed record OperationPhaseRun(string Name, bool Ran, long ElapsedMs, string Outcome);

/// <summary>
/// A migration's declared operations through their whole lifecycle on the copy: expand (the apply), verify, abort (the
/// rollback drill's down, which must give back the schema fingerprint from before the expand exactly), expand again
/// (the drill's second apply), verify again, and complete.
/// </summary>
/// <param name="Declared">The operation lines, as written in the file.</param>
/// <param name="ExpandSql">The SQL expand ran (up, backfill and no-transaction steps), as stored when it started.</param>
/// <param name="VerifySql">The comparisons verification walks in key batches: one query per checked table.</param>
/// <param name="CompleteSql">The SQL complete runs.</param>
/// <param name="AbortSql">The SQL abort (and <c>down</c> while expanded) runs.</param>
/// <param name="Phases">Each phase in the order it ran, timed.</param>
/// <param name="Verification">The last verification on the copy: rows compared, mismatches, the first mismatching keys.</param>
/// <param name="AbortRestoredSchema">Abort gave back the schema fingerprint from before the expand exactly (null: not drilled).</param>
/// <param name="AbortDifferences">What abort left different, column order included.</param>
/// <param name="Completed">Complete ran on the copy.</param>
/// <param name="CompleteChanges">The schema changes complete made.</param>
public sealed record RehearsedOperations(
    IReadOnlyList<string> Declared, string ExpandSql, string VerifySql, string CompleteSql, string AbortSql, IReadOnlyList<OperationPhaseRun> Phases,
    OperationVerification? Verification, bool? AbortRestoredSchema, IReadOnlyList<SchemaChange> AbortDifferences, bool Completed, IReadOnlyList<SchemaChange> CompleteChanges)
{
    /// <summary>Every phase that ran held: a clean verification, an exact abort, a complete.</summary>
    public bool Passed => Verification is { Clean: true } && AbortRestoredSchema != false && Completed && Phases.All(p => !p.Outcome.StartsWith("failed", StringComparison.Ordinal));
}
