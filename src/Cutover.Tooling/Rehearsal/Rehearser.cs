using System.Diagnostics;
using Cutover.Checking.Lint;
using Cutover.Files;
using Cutover.Rehearsal.Audit;
using Cutover.Rehearsal.Contracts;
using Cutover.Running;
using Cutover.Schema;
using Microsoft.Extensions.Logging;

namespace Cutover.Rehearsal;

/// <summary>
/// Rehearses pending migrations on a scratch copy of a database, through the public <see cref="Migrator"/>
/// API: the copy gets its own migrator, so what runs there is exactly what <c>up</c> and <c>down</c> run.
/// </summary>
public sealed class Rehearser
{
    private readonly CutoverOptions _options;
    private readonly IDatabaseProvider _provider;
    private readonly IEngineLint _lint;
    private readonly ILogger _logger;
    private readonly Migrator _migrator;

    /// <summary>
    /// Creates a rehearser for the migrations folder in <paramref name="options"/>; <paramref name="lint"/> is the engine's
    /// own lint rules (<c>PostgresLint</c>, <c>SqliteLint</c>), whose findings the one-pagers list with the common ones.
    /// </summary>
    public Rehearser(CutoverOptions options, IDatabaseProvider provider, IEngineLint lint, ILogger<Migrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(lint);
        _options = options;
        _provider = provider;
        _lint = lint;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _migrator = new Migrator(options, provider, logger);
    }

    /// <summary>
    /// Rehearses the pending migrations on a scratch copy of <see cref="RehearsalOptions.From"/>: snapshot
    /// S0 and row counts, the contract queries, the data audit of the constraints the migrations add, then
    /// each pending migration (timing it, counting the rows it changes, sampling its locks, recording its
    /// schema changes), snapshot S1, the contracts again, then the rollback drill — every down in reverse must give back S0's
    /// fingerprint and every table's row count, and applying again must give S1's. The source is only read;
    /// the copy is dropped afterwards (also after a failure or cancellation) unless <see cref="RehearsalOptions.Keep"/>.
    /// </summary>
    /// <param name="options">What to copy, where, and what to keep.</param>
    /// <param name="progress">Receives a <see cref="RehearsalNote"/> as each phase moves on (and as the copier works).</param>
    /// <param name="cancellationToken">Stops the rehearsal; the copy is still dropped.</param>
    public async Task<RehearsalReport> RehearseAsync(RehearsalOptions options, IProgress<RunEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var startedAt = DateTime.UtcNow;
        var copier = _provider as IDatabaseCopier ?? throw new ConfigurationException(
            $"the {_provider.Name} provider cannot copy a database, so it cannot rehearse", remedy: "rehearse with a provider that implements IDatabaseCopier, such as SQLite's or PostgreSQL's");
        if (_provider is not IReadOnlyInspection)
            throw new ConfigurationException($"the {_provider.Name} provider cannot read a database without writing to it, so it cannot rehearse",
                remedy: "rehearse with a provider that implements IReadOnlyInspection, such as SQLite's or PostgreSQL's");
        var files = await MigrationFolder.LoadAsync(_options.MigrationsFolder, _provider.Dialect, cancellationToken).ConfigureAwait(false);
        // Contracts are read before anything is copied: a malformed one is bad input, reported at once.
        var contractsFolder = options.ContractsFolder ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_options.MigrationsFolder))!, "contracts");
        var contracts = await ContractFolder.LoadAsync(contractsFolder, _provider.Dialect, cancellationToken).ConfigureAwait(false);
        var phases = new List<RehearsalPhase>();
        var clock = Stopwatch.StartNew();
        void Phase(string name)
        {
            phases.Add(new RehearsalPhase(name, clock.ElapsedMilliseconds));
            clock.Restart();
        }

        // The copier says what it does as text: each line is a note of the clone phase.
        var copierProgress = progress is null ? null : new InlineProgress<string>(message => progress.Report(new RehearsalNote("clone", message)));
        progress?.Report(new RehearsalNote("clone", $"copying {_provider.Redact(options.From)}"));
        var copy = await copier.CopyAsync(options.From, options.Into, copierProgress, cancellationToken).ConfigureAwait(false);
        progress?.Report(new RehearsalNote("clone", $"copied into {copy.Name} ({copy.Method}, {clock.ElapsedMilliseconds} ms)"));
        Phase("clone");
        try
        {
            // The copy gets its own migrator: same files, no schema file to rewrite.
            var onCopy = new Rehearser(_options with { ConnectionString = copy.ConnectionString, SchemaFile = null }, _provider, _lint);
            var report = await onCopy.RehearseOnCopyAsync(files, contracts, options, progress, Phase, cancellationToken).ConfigureAwait(false);
            return FinishReport(report, options, copy, phases, startedAt);
        }
        finally
        {
            if (options.Keep)
            {
                await copier.KeepCopyAsync(copy, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                // Also after a failure or Ctrl+C: the token may be cancelled, the drop must still happen.
                await copier.DropCopyAsync(copy, CancellationToken.None).ConfigureAwait(false);
                _logger.LogInformation("Dropped the scratch copy {Copy}", copy.Name);
            }
        }
    }

    private RehearsalReport FinishReport(RehearsalReport report, RehearsalOptions options, ScratchCopy copy, List<RehearsalPhase> phases, DateTime startedAt) =>
        report with { Source = _provider.Redact(options.From), CopyMethod = copy.Method, Copy = copy.Name, Kept = options.Keep, Phases = phases, RehearsedAt = startedAt };

    /// <summary>Everything after the copy, run on it.</summary>
    private async Task<RehearsalReport> RehearseOnCopyAsync(
        IReadOnlyList<MigrationFile> files, IReadOnlyList<ContractQuery> contracts, RehearsalOptions options, IProgress<RunEvent>? progress, Action<string> phase,
        CancellationToken cancellationToken)
    {
        var contractRuns = options.ContractRuns;
        // The files were read once, before the copy: plan against the copy's history without reading them again.
        IReadOnlyList<History.HistoryRecord> history;
        await using (var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false))
            history = await History.HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        var pending = MigrationPlanner.Plan(files, history)
            .Where(m => m.State is MigrationState.Pending or MigrationState.OutOfOrder && m.File is not null).Select(m => m.File!).ToList();
        var s0 = await _migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        var countsBefore = await CountRowsAsync(s0, cancellationToken).ConfigureAwait(false);
        // The rows of the tables the migrations work on, to prove the rollback gives back their contents and not only their count.
        var touched = RowChecksums.Touched(s0, pending, _provider.Dialect).ToList();
        var contentBefore = await ChecksumAsync(touched, cancellationToken).ConfigureAwait(false);
        phase("snapshot");
        var contractsBefore = await RunContractsAsync(contracts, contractRuns, "before", progress, cancellationToken).ConfigureAwait(false);
        phase("contracts before");

        // Before anything runs: the rows that would violate the constraints the migrations add.
        progress?.Report(new RehearsalNote("audit", $"auditing the data against the constraints {pending.Count} pending migration(s) add"));
        IReadOnlyList<AuditFinding> audit;
        await using (var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false))
            audit = await ConstraintAudit.RunAsync(connection, _provider, pending, cancellationToken).ConfigureAwait(false);
        phase("audit");

        // A violation counted before an earlier pending UPDATE or DELETE on the table may be repaired by it
        // (the safe path: backfill, then constrain); applying on the copy proves it either way.
        var failures = audit.Where(a => a.Outcome == AuditOutcome.Violated && a.Note?.StartsWith("counted on the rows as they are now", StringComparison.Ordinal) != true)
            .Select(a => $"audit: {Path.GetFileName(a.Path)}:{a.Line}: {a.Constraint}: {a.ViolatingRows} existing row(s) would violate it, e.g. {string.Join(", ", a.SampleKeys.Take(5))}")
            .ToList();
        var rehearsed = new List<RehearsedMigration>();
        var operations = new OperationLifecycle(_migrator, progress);
        var lint = MigrationLinter.Lint(files, new LintOptions(_provider.Dialect, _lint));
        var before = s0;
        foreach (var file in pending)
        {
            progress?.Report(new RehearsalNote("apply", $"applying {file.FileName}"));
            var stopwatch = Stopwatch.StartNew();
            string? error = null;
            var run = default(MigrationRun);
            IReadOnlyList<LockHeld> locks = [];
            try
            {
                async Task ApplyAsync()
                {
                    var result = await _migrator.UpAsync(new UpOptions { To = file.Id, AllowOutOfOrder = true }, cancellationToken).ConfigureAwait(false);
                    run = result.Migrations.FirstOrDefault(m => m.Id == file.Id);
                }
                if (_provider is ITableLockWatcher watcher)
                    locks = await watcher.WatchLocksAsync(_options.ConnectionString, ApplyAsync, cancellationToken).ConfigureAwait(false);
                else
                    await ApplyAsync().ConfigureAwait(false);
            }
            catch (CutoverException e) when (e is not InvalidInputException)
            {
                error = e.Message;
                failures.Add($"migration {file.FileName} failed on the copy: {e.Message}");
            }
            var after = await _migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
            // Expanded: the SQL of every later phase is stored now; verify the two shapes before anything else runs.
            if (error is null && file.HasOperations)
                await operations.ExpandedAsync(file, before, after, run?.DurationMs ?? stopwatch.ElapsedMilliseconds, failures, cancellationToken).ConfigureAwait(false);
            rehearsed.Add(new RehearsedMigration(file.Id, file.Name, file.Path, file.Metadata, error is null, error,
                run?.DurationMs ?? stopwatch.ElapsedMilliseconds, run?.RowsChanged ?? 0, SchemaDiff.Compare(before, after),
                StepsText(file.UpSteps), StepsText(file.DownSteps), file.IrreversibleReason, lint.Where(f => f.File == file.Path).ToList(), locks, []));
            before = after;
            if (error is not null)
                break;
        }
        var s1 = before;
        phase("apply");
        var contractsAfter = await RunContractsAsync(contracts, contractRuns, "after", progress, cancellationToken).ConfigureAwait(false);
        var contractResults = contractsBefore.Zip(contractsAfter, ContractRunner.Compare).ToList();
        foreach (var result in contractResults)
            failures.AddRange(result.Failures.Select(f => $"contract {result.Name}: {f}"));
        for (var i = 0; i < rehearsed.Count; i++)
            rehearsed[i] = rehearsed[i] with { TouchedContracts = ContractsReading(contracts, rehearsed[i].Changes) };
        phase("contracts after");

        var drill = await DrillAsync(pending, rehearsed, s0, s1, countsBefore, (touched, contentBefore), options.StrictColumnOrder, operations, failures, progress, cancellationToken).ConfigureAwait(false);
        phase("drill");
        if (drill.Ran && !drill.Passed)
            failures.Add(DrillFailure(drill, pending));

        // Complete comes last: the drill's down of an expanded migration is its abort, of a completed one it is not.
        if (rehearsed.Any(m => operations.Follows(m.Id)))
        {
            var notRunBecause = rehearsed.Any(m => !m.Applied) ? "a migration failed to apply"
                : drill.Ran && drill.Error is not null ? "the rollback drill did not end with every migration applied" : null;
            await operations.CompleteAsync(notRunBecause, failures, cancellationToken).ConfigureAwait(false);
            phase("complete");
        }
        for (var i = 0; i < rehearsed.Count; i++)
            rehearsed[i] = rehearsed[i] with { Operations = operations.Result(rehearsed[i].Id) };

        return new RehearsalReport("", "", "", false, SchemaText.Fingerprint(s0), SchemaText.Fingerprint(s1), rehearsed,
            SchemaDiff.Compare(s0, s1), drill, [], audit, contractResults, failures, DateTime.UtcNow);
    }

    /// <summary>Down in reverse to S0 (schema, row counts and the rows of the tables the migrations touch), then up again to S1.</summary>
    private async Task<DrillResult> DrillAsync(
        IReadOnlyList<MigrationFile> pending, IReadOnlyList<RehearsedMigration> rehearsed, SchemaModel s0, SchemaModel s1,
        IReadOnlyDictionary<string, long> countsBefore, (IReadOnlyList<TableModel> Tables, IReadOnlyDictionary<string, TableChecksum> Sums) content,
        bool strictColumnOrder, OperationLifecycle operations, List<string> failures, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        static DrillResult Skipped(string why) => new(false, why, false, [], false, [], false, [], null, [], [], []);
        if (pending.Count == 0)
            return Skipped("no pending migrations");
        if (rehearsed.Any(m => !m.Applied))
            return Skipped("a migration failed to apply");
        if (pending.FirstOrDefault(f => f.IrreversibleReason is not null) is { } irreversible)
            return Skipped($"{irreversible.FileName} is irreversible: {irreversible.IrreversibleReason}");
        // A migration that declares operations has a down: their abort, generated when it expands.
        if (pending.FirstOrDefault(f => !f.DownSteps.Any() && !f.HasOperations) is { } noDown)
            return Skipped($"{noDown.FileName} has no down step");

        progress?.Report(new RehearsalNote("drill", $"rollback drill: down {pending.Count} migration(s)"));
        try
        {
            // One at a time, newest first: the abort of a migration that declares operations is timed and compared with the
            // schema from before its expand on its own.
            var current = s1;
            for (var i = pending.Count - 1; i >= 0; i--)
            {
                var down = await _migrator.DownAsync(new DownOptions { Steps = 1, AcceptDataLoss = true }, cancellationToken).ConfigureAwait(false);
                if (!operations.Any)
                    continue;
                var now = await _migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
                if (down.Migrations.FirstOrDefault() is { } run && operations.Follows(run.Id))
                    operations.Aborted(run.Id, run.DurationMs, current, now, failures);
                current = now;
            }
        }
        catch (CutoverException e) when (e is not InvalidInputException)
        {
            return new DrillResult(true, null, false, [], false, [], false, [], $"rolling back failed: {e.Message}", [], [], []);
        }
        var rolledBack = await _migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        var countsAfter = await CountRowsAsync(s0, cancellationToken).ConfigureAwait(false);
        var rowDifferences = countsBefore
            .Where(c => !countsAfter.TryGetValue(c.Key, out var now) || now != c.Value)
            .Select(c => new RowCountDifference(c.Key, c.Value, countsAfter.TryGetValue(c.Key, out var now) ? now : null))
            .OrderBy(d => d.Table, StringComparer.Ordinal).ToList();
        // Content only where the count held: a table that lost rows is already named by its count.
        // S0's columns in S0's order, those the rollback kept: a missing table or column is a schema difference.
        var stillThere = content.Tables
            .Select(t => (Before: t, After: rolledBack.Tables.FirstOrDefault(a => a.Schema == t.Schema && a.Name == t.Name)))
            .Where(p => p.After is not null)
            .Select(p => p.Before with { Columns = p.Before.Columns.Where(c => p.After!.Columns.Any(a => a.Name == c.Name)).ToList() });
        var contentAfter = await ChecksumAsync(stillThere, cancellationToken).ConfigureAwait(false);
        var changed = RowChecksums.Compare(content.Sums, contentAfter).Where(d => !rowDifferences.Any(r => r.Table == d.Table)).ToList();
        // Values an up step's UPDATE wrote (a backfill) are not the down step's to restore: a note, not a failure.
        var written = RowChecksums.WrittenByUp(pending, _provider.Dialect);
        bool ByUp(RowContentDifference d) => d.Columns.Count > 0
            && content.Tables.FirstOrDefault(t => SchemaText.Name(t.Schema, t.Name) == d.Table) is { } table
            && written.TryGetValue(table.Name, out var columns) && d.Columns.All(columns.Contains);
        var contentDifferences = changed.Where(d => !ByUp(d)).ToList();
        var rewrittenByUp = changed.Where(ByUp).ToList();

        progress?.Report(new RehearsalNote("drill", $"rollback drill: up {pending.Count} migration(s) again"));
        string? error = null;
        try
        {
            var again = await _migrator.UpAsync(new UpOptions { To = pending[^1].Id, AllowOutOfOrder = true }, cancellationToken).ConfigureAwait(false);
            foreach (var run in again.Migrations.Where(m => operations.Follows(m.Id)))
                operations.ExpandedAgain(run.Id, run.DurationMs);
        }
        catch (CutoverException e) when (e is not InvalidInputException)
        {
            error = $"applying again after the rollback failed: {e.Message}";
        }
        var reapplied = await _migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        // A down step that re-adds a dropped column puts it last (PostgreSQL cannot place a column): the data and every
        // query by column name are the same, so a reorder is a warning unless the rehearsal is strict about it.
        bool Counts(SchemaChange c) => strictColumnOrder || c.Kind != SchemaChangeKind.ColumnsReordered;
        var schemaChanges = SchemaDiff.Compare(s0, rolledBack);
        var reapplyChanges = SchemaDiff.Compare(s1, reapplied);
        var schemaDifferences = schemaChanges.Where(Counts).ToList();
        var reapplyDifferences = reapplyChanges.Where(Counts).ToList();
        var reordered = schemaChanges.Concat(reapplyChanges).Where(c => !Counts(c)).Distinct().ToList();
        return new DrillResult(true, null, schemaDifferences.Count == 0, schemaDifferences,
            rowDifferences.Count == 0, rowDifferences, reapplyDifferences.Count == 0, reapplyDifferences, error, contentDifferences, reordered, rewrittenByUp);
    }

    /// <summary>The row checksums of <paramref name="tables"/> on the copy.</summary>
    private async Task<Dictionary<string, TableChecksum>> ChecksumAsync(IEnumerable<TableModel> tables, CancellationToken cancellationToken)
    {
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        return await RowChecksums.ComputeAsync(connection, tables, cancellationToken).ConfigureAwait(false);
    }

    private static string DrillFailure(DrillResult drill, IReadOnlyList<MigrationFile> pending)
    {
        var range = pending.Count == 1 ? pending[0].FileName : $"{pending[0].FileName} … {pending[^1].FileName}";
        var parts = new List<string>();
        if (drill.SchemaDifferences.Count > 0)
            parts.Add("the schema after rolling back differs from before: " + string.Join("; ", drill.SchemaDifferences.Take(5).Select(c => $"{c.Kind} {c.Object} ({c.Detail})")));
        if (drill.RowCountDifferences.Count > 0)
            parts.Add("row counts differ: " + string.Join("; ", drill.RowCountDifferences.Take(5).Select(d => $"{d.Table} {d.Before} -> {d.After?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "gone"}")));
        if (drill.RowContentDifferences.Count > 0)
            parts.Add("rows hold other values: " + string.Join("; ", drill.RowContentDifferences.Take(5).Select(ContentWords)));
        if (drill.Error is not null)
            parts.Add(drill.Error);
        else if (drill.ReapplyDifferences.Count > 0)
            parts.Add("applying again gives another schema: " + string.Join("; ", drill.ReapplyDifferences.Take(5).Select(c => $"{c.Kind} {c.Object} ({c.Detail})")));
        return $"rollback drill of {range}: {string.Join("; and ", parts)}";
    }

    /// <summary>A table whose rows changed, in words: <c>users (column nickname)</c>.</summary>
    internal static string ContentWords(RowContentDifference d) =>
        d.Columns.Count == 0 ? $"{d.Table} (values moved between rows)" : $"{d.Table} (column{(d.Columns.Count == 1 ? "" : "s")} {string.Join(", ", d.Columns)})";

    /// <summary>Runs every contract query on the copy, timing each.</summary>
    private async Task<List<ContractRun>> RunContractsAsync(
        IReadOnlyList<ContractQuery> contracts, int timedRuns, string when, IProgress<RunEvent>? progress, CancellationToken cancellationToken)
    {
        var runs = new List<ContractRun>(contracts.Count);
        if (contracts.Count == 0)
            return runs;
        progress?.Report(new RehearsalNote($"contracts {when}", $"running {contracts.Count} contract quer{(contracts.Count == 1 ? "y" : "ies")} {when} the migrations"));
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        foreach (var contract in contracts)
            runs.Add(await ContractRunner.RunAsync(connection, _provider, contract, timedRuns, cancellationToken).ConfigureAwait(false));
        return runs;
    }

    /// <summary>The contracts whose SQL names a table among <paramref name="changes"/>' objects.</summary>
    private List<string> ContractsReading(IReadOnlyList<ContractQuery> contracts, IReadOnlyList<SchemaChange> changes)
    {
        var tables = changes.Select(c => ChangedTable(c.Object)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return contracts
            .Where(c => tables.Any(t => System.Text.RegularExpressions.Regex.IsMatch(c.Sql, $@"\b{System.Text.RegularExpressions.Regex.Escape(t)}\b",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)))
            .Select(c => c.Name).ToList();
    }

    /// <summary>The table a change is about: <c>"public"."users"."role"</c>, <c>"users" index "x"</c> and <c>"users"</c> all give users.</summary>
    private string? ChangedTable(string changedObject)
    {
        if (changedObject.Contains(' ', StringComparison.Ordinal) && !changedObject.StartsWith('"'))
            changedObject = changedObject[(changedObject.IndexOf(' ', StringComparison.Ordinal) + 1)..]; // "view "public"."v"" → the view's name
        var head = changedObject.Split(' ')[0];
        var parts = System.Text.RegularExpressions.Regex.Matches(head, "\"((?:[^\"]|\"\")*)\"").Select(m => m.Groups[1].Value).ToList();
        // Schema-qualified where tables live in schemas ("public"."users"[."col"]); bare otherwise ("users"[."col"]).
        if (parts.Count == 0)
            return null;
        return !_provider.Semantics.HasSchemas || parts.Count == 1 ? parts[0] : parts[1];
    }

    /// <summary>Every table's row count, a few hundred tables per query.</summary>
    private async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(SchemaModel model, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in model.Tables.Where(t => t.PartitionBy is null).Chunk(200))
        {
            var sql = string.Join(" UNION ALL ", chunk.Select((t, i) => $"SELECT {i}, count(*) FROM {SchemaText.Name(t.Schema, t.Name)}"));
            await using var command = History.DbCommands.Create(connection, null, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var table = chunk[Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)];
                counts[SchemaText.Name(table.Schema, table.Name)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return counts;
    }

    private static string StepsText(IEnumerable<MigrationStep> steps) => OperationLifecycle.StepsText(steps);
}
