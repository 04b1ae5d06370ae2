using Cutover.Sql;

namespace Cutover.Files;

/// <summary>One step of a migration: a directive and the statements that follow it.</summary>
/// <param name="Kind">What kind of step this is.</param>
/// <param name="Line">1-based line of the directive in the file.</param>
/// <param name="Sql">The raw SQL text of the step (between its directive and the next), for dry runs and storage.</param>
/// <param name="Statements">The statements of the step, split by the dialect's rules.</param>
/// <param name="Backfill">The options of a backfill step; null for other kinds.</param>
/// <param name="Operation">The declared operation of an <see cref="StepKind.Operation"/> step; null for other kinds.</param>
public sealed record MigrationStep(StepKind Kind, int Line, string Sql, IReadOnlyList<SqlStatement> Statements, BackfillSpec? Backfill = null, Operations.Operation? Operation = null);
