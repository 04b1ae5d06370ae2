using System.Diagnostics;
using System.Globalization;
using Cutover.Files;
using Cutover.Operations;
using Cutover.Schema;

namespace Cutover.Rehearsal;

/// <summary>
/// Follows the migrations that declare operations through their lifecycle on the copy. The rehearser applies them
/// (expand) and calls <see cref="ExpandedAsync"/>, which reads the SQL of every phase as stored when expand started and
/// verifies; the rollback drill's down is their abort (<see cref="Aborted"/> compares the schema with the one before
/// the expand, exactly) and its second apply their expand again; after the drill <see cref="CompleteAsync"/> verifies
/// again and completes them — last, because a completed migration's down is not an abort.
/// </summary>
internal sealed class OperationLifecycle(Migrator migrator, IProgress<RunEvent>? progress)
{
    private sealed class Ledger(MigrationFile file, SchemaModel before, SchemaModel after)
    {
        public MigrationFile File { get; } = file;
        public SchemaModel Before { get; } = before;
        public SchemaModel After { get; } = after;
        public string ExpandSql { get; set; } = "";
        public string VerifySql { get; set; } = "";
        public string CompleteSql { get; set; } = "";
        public string AbortSql { get; set; } = "";
        public List<OperationPhaseRun> Phases { get; } = [];
        public OperationVerification? Verification { get; set; }
        /// <summary>Why the last verification does not allow a complete (it failed or found mismatches); null when clean.</summary>
        public string? VerifyProblem { get; set; } = "never verified";
        public bool? AbortExact { get; set; }
        public IReadOnlyList<SchemaChange> AbortDifferences { get; set; } = [];
        public bool Completed { get; set; }
        public IReadOnlyList<SchemaChange> CompleteChanges { get; set; } = [];
    }

    private readonly Dictionary<string, Ledger> _ledgers = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="id"/> declares operations that this lifecycle follows.</summary>
    public bool Follows(string id) => _ledgers.ContainsKey(id);

    /// <summary>Whether any migration declares operations.</summary>
    public bool Any => _ledgers.Count > 0;

    /// <summary>
    /// <paramref name="file"/> was expanded in <paramref name="expandMs"/> on the copy whose schema was <paramref name="before"/>, leaving <paramref name="after"/>:
    /// records the SQL of every phase and verifies the two shapes. A mismatch is a failure: on a copy nobody writes to, the
    /// generated backfill and triggers must leave both shapes equal.
    /// </summary>
    public async Task ExpandedAsync(MigrationFile file, SchemaModel before, SchemaModel after, long expandMs, List<string> failures, CancellationToken cancellationToken)
    {
        var ledger = new Ledger(file, before, after);
        _ledgers[file.Id] = ledger;
        ledger.Phases.Add(new OperationPhaseRun("expand", true, expandMs, "applied"));
        await using (var connection = await migrator.Provider.OpenAsync(migrator.Options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false))
        {
            var stored = (await OperationTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false)).Single(r => r.MigrationId == file.Id);
            var expanded = OperationExpansion.FromRecord(file, stored, migrator.Provider);
            ledger.ExpandSql = StepsText(expanded.UpSteps);
            ledger.AbortSql = StepsText(expanded.DownSteps);
            ledger.CompleteSql = StepsText(OperationExpansion.CompleteSteps(file.Id, file.Name, stored, migrator.Provider).UpSteps);
            ledger.VerifySql = string.Join("\n", stored.Phases.Checks.Select(c => $"-- {c.Table}, in key batches\nSELECT * FROM {c.Table} WHERE {c.Mismatch};"));
        }
        await VerifyAsync(ledger, "verify", failures, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The drill rolled <paramref name="id"/> back (its abort) in <paramref name="ms"/>, from <paramref name="before"/> to
    /// <paramref name="after"/>. Abort is judged only when it started from the schema its expand left: when a later
    /// migration's down left something behind, the drill names that migration, and this abort is not to blame for it.
    /// </summary>
    public void Aborted(string id, long ms, SchemaModel before, SchemaModel after, List<string> failures)
    {
        var ledger = _ledgers[id];
        if (SchemaText.Fingerprint(before) != SchemaText.Fingerprint(ledger.After))
        {
            ledger.Phases.Add(new OperationPhaseRun("abort", true, ms, "not judged: a later migration's rollback left the schema different from after this expand (see the drill)"));
            return;
        }
        // Exactly: the columns' order counts too, since abort only drops what expand added.
        var differences = SchemaDiff.Compare(ledger.Before, after);
        ledger.AbortExact = SchemaText.Fingerprint(ledger.Before) == SchemaText.Fingerprint(after) && differences.Count == 0;
        ledger.AbortDifferences = differences;
        ledger.Phases.Add(new OperationPhaseRun("abort", true, ms, ledger.AbortExact == true
            ? "the schema fingerprint is exactly what it was before the expand"
            : "the schema differs from before the expand: " + Changes(differences)));
        if (ledger.AbortExact != true)
            failures.Add($"abort of {ledger.File.FileName} on the copy did not give back the schema from before its expand: {Changes(differences)}");
    }

    /// <summary>The drill applied <paramref name="id"/> again (its expand again) in <paramref name="ms"/>.</summary>
    public void ExpandedAgain(string id, long ms) =>
        _ledgers[id].Phases.Add(new OperationPhaseRun("expand again", true, ms, "applied again after the abort"));

    /// <summary>
    /// Verifies and completes every followed migration, oldest first, unless <paramref name="notRunBecause"/> says why not;
    /// records the schema changes each complete makes.
    /// </summary>
    public async Task CompleteAsync(string? notRunBecause, List<string> failures, CancellationToken cancellationToken)
    {
        foreach (var ledger in _ledgers.Values.OrderBy(l => l.File.Id, StringComparer.Ordinal))
        {
            // Verified again: the drill's second expand ran a new backfill, and complete wants a verification newer than it.
            if (notRunBecause is null && ledger.VerifyProblem is null && ledger.AbortExact != false)
                await VerifyAsync(ledger, "verify again", failures, cancellationToken).ConfigureAwait(false);
            var why = notRunBecause ?? (ledger.AbortExact == false ? "its abort did not restore the schema" : ledger.VerifyProblem);
            if (why is not null)
            {
                ledger.Phases.Add(new OperationPhaseRun("complete", false, 0, $"not run: {why}"));
                continue;
            }
            progress?.Report(new RehearsalNote("complete", $"completing {ledger.File.FileName}"));
            var before = await migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            try
            {
                await migrator.CompleteAsync(ledger.File.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (CutoverException e) when (e is not InvalidInputException)
            {
                ledger.Phases.Add(new OperationPhaseRun("complete", true, clock.ElapsedMilliseconds, $"failed: {e.Message}"));
                failures.Add($"complete of {ledger.File.FileName} failed on the copy: {e.Message}");
                continue;
            }
            var ms = clock.ElapsedMilliseconds;
            ledger.CompleteChanges = SchemaDiff.Compare(before, await migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false));
            ledger.Completed = true;
            ledger.Phases.Add(new OperationPhaseRun("complete", true, ms, $"completed ({ledger.CompleteChanges.Count} schema change(s))"));
        }
    }

    /// <summary>What the rehearsal learnt about <paramref name="id"/>'s operations; null when it declares none.</summary>
    public RehearsedOperations? Result(string id)
    {
        if (!_ledgers.TryGetValue(id, out var l))
            return null;
        var phases = l.Phases.ToList();
        if (l.AbortExact is null && !phases.Any(p => p.Name == "abort"))
            phases.Insert(phases.FindIndex(p => p.Name == "verify") + 1, new OperationPhaseRun("abort", false, 0, "not run: the rollback drill did not run"));
        return new RehearsedOperations(l.File.Steps.Where(s => s.Operation is not null).Select(s => s.Operation!.Text).ToList(),
            l.ExpandSql, l.VerifySql, l.CompleteSql, l.AbortSql, phases, l.Verification, l.AbortExact, l.AbortDifferences, l.Completed, l.CompleteChanges);
    }

    private async Task VerifyAsync(Ledger ledger, string phase, List<string> failures, CancellationToken cancellationToken)
    {
        progress?.Report(new RehearsalNote("verify", $"verifying {ledger.File.FileName}"));
        var clock = Stopwatch.StartNew();
        OperationVerification result;
        try
        {
            result = await migrator.VerifyAsync(ledger.File.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (CutoverException e) when (e is not InvalidInputException)
        {
            ledger.Phases.Add(new OperationPhaseRun(phase, true, clock.ElapsedMilliseconds, $"failed: {e.Message}"));
            failures.Add($"verification of {ledger.File.FileName} failed on the copy: {e.Message}");
            ledger.VerifyProblem = $"verification failed: {e.Message}";
            return;
        }
        ledger.Verification = result;
        ledger.VerifyProblem = result.Clean ? null : $"verification found {result.Mismatches} mismatching row(s)";
        var words = string.Create(CultureInfo.InvariantCulture, $"{result.Rows} row(s) compared, {result.Mismatches} mismatching")
            + (result.Samples.Count > 0 ? $", e.g. {string.Join(", ", result.Samples.Take(5))}" : "");
        ledger.Phases.Add(new OperationPhaseRun(phase, true, clock.ElapsedMilliseconds, words));
        if (!result.Clean)
            failures.Add($"verification of {ledger.File.FileName} on the copy: {words}");
    }

    private static string Changes(IReadOnlyList<SchemaChange> changes) =>
        changes.Count == 0 ? "the fingerprint differs" : string.Join("; ", changes.Take(5).Select(c => $"{c.Kind} {c.Object} ({c.Detail})"));

    /// <summary>Steps in migration-file form, as the one-pager shows them.</summary>
    internal static string StepsText(IEnumerable<MigrationStep> steps) =>
        string.Join("\n", steps.Select(s => s.Operation is { } op
            ? $"-- cutover:op {op.Text}"
            : $"-- cutover:{s.Kind.Directive()}{BackfillTail(s)}\n{s.Sql.Trim()}")).Trim();

    private static string BackfillTail(MigrationStep step) => step.Backfill is { } b ? $" {b.Table}" : "";
}
