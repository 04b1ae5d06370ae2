using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Checking.Lint;

/// <summary>
/// The rules for both engines — data loss, whole-table data changes, missing or incomplete down steps —
/// and the bookkeeping of what each migration creates, which other rules read.
/// </summary>
internal static class CommonLint
{
    public static void Check(LintStatement s, LintState state, LintReport report)
    {
        var up = !s.Step.Kind.IsDown();
        if (s.StartsWith("DROP", "TABLE"))
        {
            var names = s.Shape.Dropped;
            if (up && names.Any(n => !state.IsNew(n)))
                report(LintRules.DropTable, s.Line, $"DROP TABLE {string.Join(", ", names.Where(n => !state.IsNew(n)))}");
            if (!up)
                state.DownDropped.UnionWith(names.Select(n => "table:" + n));
        }
        else if (s.StartsWith("DROP", "INDEX") && up)
            ForgetIndexes(s, state);
        else if (s.StartsWith("DROP") && s[1] is "INDEX" or "VIEW" or "TYPE" or "MATERIALIZED" && !up)
        {
            if (s[1] == "INDEX")
                ForgetIndexes(s, state);
            var kind = s[1] == "MATERIALIZED" ? "view" : s[1].ToLowerInvariant();
            state.DownDropped.UnionWith(s.Shape.Dropped.Select(n => $"{kind}:{n}"));
        }
        else if (s.Step.Kind == StepKind.Backfill)
        {
            // A backfill step is where data changes belong: batched, checkpointed, throttled.
        }
        else if (s.StartsWith("UPDATE") || s.StartsWith("DELETE", "FROM"))
            CheckDataChange(s, state, up, s[0] == "UPDATE" ? 1 : 2, report);
        else if (s.StartsWith("INSERT", "INTO") && s.Has("SELECT") && up)
        {
            var table = s.NameAt(2);
            if (!state.IsNew(table))
                report(LintRules.DataChangeInUp, s.Line, $"INSERT INTO {table} … SELECT in an up step");
        }
        Track(s, state, up);
    }

    private static void ForgetIndexes(LintStatement s, LintState state)
    {
        foreach (var name in s.Shape.Dropped)
            state.Indexes.Remove(name);
    }

    private static void CheckDataChange(LintStatement s, LintState state, bool up, int tableAt, LintReport report)
    {
        var i = tableAt;
        if (s[i] == "ONLY")
            i++;
        var table = s.ReadName(ref i);
        if (state.IsNew(table))
            return;
        if (!s.Has("WHERE"))
            report(LintRules.WholeTableChange, s.Line, $"{s[0]} of every row of {table} (no WHERE)");
        else if (up)
            report(LintRules.DataChangeInUp, s.Line, $"{s[0]} on {table} in an up step");
    }

    /// <summary>Records what the statement creates, for the exemptions of new tables and for the down-step rule.</summary>
    private static void Track(LintStatement s, LintState state, bool up)
    {
        var shape = s.Shape;
        if (shape is { Kind: StatementKind.CreateTable, Table.Name: var table })
        {
            state.CreatedTables.Add(table);
            if (up)
                state.UpCreated.Add(("table", table, null, s.Line));
            foreach (var column in shape.Columns)
            {
                var key = LintState.Column(table, column.FoldedName);
                if (column.ExplicitNotNull || column.PrimaryKey)
                    state.ProvenNotNull.Add(key);
                // A column's own REFERENCES goes with it; its key, uniqueness, check or generation does not.
                if (column.PrimaryKey || column.Unique || column.Checks.Any() || column.IsGenerated)
                    state.ConstrainedColumns.Add(key);
            }
            // Every name inside a table constraint or a generated expression counts as constrained: over-approximate, never miss.
            foreach (var constraint in shape.Constraints)
            {
                for (var k = constraint.Start; k < constraint.End; k++)
                    state.ConstrainedColumns.Add(LintState.Column(table, s.NameAt(k)));
            }
        }
        else if (shape is { Kind: StatementKind.CreateIndex, Table.Name: var indexed })
        {
            if (shape.IndexName is { } name)
            {
                state.CreatedIndexes[name] = indexed;
                // Keys and predicate: SQLite refuses to drop a column either one names.
                var mentioned = Enumerable.Range(shape.KeysStart, s.Count - shape.KeysStart)
                    .Where(k => s.Token(k).Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier).Select(s.NameAt).ToList();
                state.Indexes[name] = (indexed, shape.IndexColumns.ToList(), mentioned);
                if (up)
                    state.UpCreated.Add(("index", name, indexed, s.Line));
            }
        }
        else if (up && s[0] == "CREATE" && (s.Has("VIEW", 0, 5) || s.StartsWith("CREATE", "TYPE")))
        {
            var at = s.Find(s.Has("VIEW", 0, 5) ? "VIEW" : "TYPE") + 1;
            if (s.Is(at, "IF", "NOT", "EXISTS"))
                at += 3;
            state.UpCreated.Add((s.Has("VIEW", 0, 5) ? "view" : "type", s.NameAt(at), null, s.Line));
        }
        else if (up && shape is { Kind: StatementKind.AlterTable, Table.Name: var altered } && !state.IsNew(altered))
        {
            foreach (var action in shape.Actions)
            {
                if (action.AddedColumn is { } column)
                    state.UpCreated.Add(("column", column.FoldedName, altered, s.LineAt(action.Start)));
            }
        }
    }

    /// <summary>
    /// The whole-file rules: steps that hold only comments, a missing down step, and a down step that leaves behind
    /// what up created.
    /// </summary>
    public static IEnumerable<(LintRule Rule, int Line, string Message)> CheckFile(MigrationFile file, LintState state)
    {
        // A code backfill has no SQL by design, nor does an operation (its engine generates the steps); any other step
        // without statements is a comment-only no-op.
        foreach (var step in file.Steps.Where(s => s.Kind is not (StepKind.Backfill or StepKind.Operation) && s.Statements.Count == 0))
            yield return (LintRules.NoOpStep, step.Line, $"the '-- cutover:{step.Kind.Directive()}' step holds only comments: it runs nothing");
        if (file.IrreversibleReason is not null)
            yield break;
        // A down step that holds only comments is a rollback that deliberately does nothing (no-op-step says so).
        // Operations bring their own rollback (the abort steps their engine generates): only plain steps need one written.
        if (!file.DownSteps.Any() && file.Steps.Any(s => s.Kind != StepKind.Operation))
        {
            var line = file.Steps.Count > 0 ? file.Steps[0].Line : 1;
            yield return (LintRules.MissingDown, line, $"{file.FileName} has no down step and no `-- cutover:irreversible` reason");
            yield break;
        }
        foreach (var (kind, name, table, line) in state.UpCreated)
        {
            var gone = kind switch
            {
                "index" => state.DownDropped.Contains("index:" + name) || state.DownDropped.Contains("table:" + table),
                "column" => state.DownDropped.Contains(LintState.Column(table!, name)) || state.DownDropped.Contains("table:" + table),
                _ => state.DownDropped.Contains($"{kind}:{name}"),
            };
            if (!gone)
                yield return (LintRules.DownIncomplete, line, $"the up step creates {kind} {(kind == "column" ? $"{table}.{name}" : name)}; the down step does not drop it");
        }
    }
}
