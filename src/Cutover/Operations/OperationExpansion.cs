using System.Text;
using Cutover.Backfill;
using Cutover.Files;
using Cutover.Schema;

namespace Cutover.Operations;

/// <summary>
/// Turns a migration file that declares operations into the file that runs: each <c>-- cutover:op</c> line replaced by
/// the up and backfill steps its engine generates, the plain steps kept where they are, and the generated abort steps
/// placed before the file's own down steps (so a rollback runs the file's down steps first, then undoes the operations).
/// </summary>
internal static class OperationExpansion
{
    /// <summary>What expanding a file against the live catalog produced.</summary>
    public sealed record Expanded(MigrationFile File, OperationRecord Record, IReadOnlyList<OperationPlan> Plans, IReadOnlyList<(Operation Operation, OperationGuard Guard)> Guards);

    /// <summary>Generates the SQL of every phase of <paramref name="file"/>'s operations against <paramref name="model"/>, the live schema.</summary>
    /// <exception cref="InvalidFileException">An operation does not fit the live schema, or the provider cannot render operations.</exception>
    public static Expanded Generate(MigrationFile file, IDatabaseProvider provider, SchemaModel model, IReadOnlyList<string> schemas)
    {
        var operations = file.Steps.Where(s => s.Kind == StepKind.Operation).ToList();
        if (provider is not IOperationSql sql)
            throw new InvalidFileException(file.Path, operations[0].Line, $"the {provider.Semantics.DisplayName} provider cannot run declared operations",
                "write the change as plain steps, or use a provider that renders operations");

        var ups = new StringBuilder();
        var aborts = new StringBuilder();
        var complete = new StringBuilder();
        var plans = new List<OperationPlan>();
        var tables = new List<string>();
        var guards = new List<(Operation, OperationGuard)>();
        foreach (var step in file.Steps.Where(s => !s.Kind.IsDown()))
        {
            if (step.Operation is not { } operation)
            {
                ups.Append(Render(step));
                continue;
            }
            var target = TransformBuilder.Target(file.Path, file.Id, operation, model, schemas, provider.Semantics);
            OperationPlan plan;
            try
            {
                plan = sql.Plan(target);
            }
            catch (InvalidFileException e) when (e.Path != file.Path)
            {
                // A provider renders from the target and may not name the file: the error points at the directive's line.
                throw new InvalidFileException(file.Path, operation.Line, e.Problem, e.Remedy, e);
            }
            plans.Add(plan);
            guards.AddRange((plan.Guards ?? []).Select(g => (operation, g)));
            tables.Add(Identifier.Canonical(target.Table.Schema, target.Table.Name));
            tables.AddRange((plan.Touches ?? []).Select(t => Identifier.Canonical(t.Schema ?? "", t.Name)));
            ups.Append($"-- {operation.Kind} (line {operation.Line}): expand\n").Append(plan.Expand);
            aborts.Append(plan.Abort);
            complete.Append(plan.Complete);
        }
        var text = ups.Append(aborts).Append(string.Concat(file.Steps.Where(s => s.Kind.IsDown()).Select(Render))).ToString();
        // The header comment above makes the first line a comment; the parser wants the first directive first.
        var expanded = Parse(file, text.Substring(text.IndexOf("-- cutover:", StringComparison.Ordinal)), provider);
        var fileDowns = string.Concat(file.Steps.Where(s => s.Kind.IsDown()).Select(Render));
        // Undoing a completed migration undoes its operations, then its own steps: possible when every part can be undone.
        var restore = plans.All(p => p.Restore is not null) && file.IrreversibleReason is null
            ? string.Concat(plans.Select(p => p.Restore)) + fileDowns
            : null;
        var phases = new OperationPhases(complete.ToString(), plans.SelectMany(p => p.Checks).ToList(),
            plans.SelectMany(p => p.Shape).Distinct().ToList(), plans.Select(p => p.Archive?.Table).OfType<string>().ToList(), restore,
            plans.SelectMany(p => p.CompleteGuards).ToList());
        var record = new OperationRecord(file.Id, tables.Distinct(StringComparer.Ordinal).ToList(), expanded.Text, phases, DateTime.UtcNow, null, null, null, null, null, null);
        return new Expanded(expanded.File, record, plans, guards);
    }

    /// <summary>The file as it runs, from the expand script stored when its expand started.</summary>
    public static MigrationFile FromRecord(MigrationFile file, OperationRecord record, IDatabaseProvider provider) =>
        Parse(file, record.ExpandScript, provider).File;

    /// <summary>The complete phase's steps, parsed from the stored script.</summary>
    public static MigrationFile CompleteSteps(string id, string name, OperationRecord record, IDatabaseProvider provider) =>
        MigrationFileParser.ParseGenerated($"{HistorySchema()}:{id}/complete", id, name, record.Phases.Complete, provider.Dialect);

    private static string HistorySchema() => History.HistorySchema.OperationTable;

    private static (MigrationFile File, string Text) Parse(MigrationFile file, string text, IDatabaseProvider provider)
    {
        var parsed = MigrationFileParser.ParseGenerated(file.Path, file.Id, file.Name, text, provider.Dialect);
        return (parsed with { Checksum = file.Checksum, Metadata = file.Metadata }, text);
    }

    private static string Render(MigrationStep step) =>
        $"-- cutover:{step.Kind.Directive()}{(step.Backfill is { } b ? " " + b : "")}\n{step.Sql.Trim('\n')}\n";
}
