using Cutover.Checking.Lint;

namespace Cutover.Rehearsal.Audit;

/// <summary>A table that a pending migration creates, with its columns and table constraints.</summary>
internal sealed record NewTable(TableName Name, IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<TableConstraint> Constraints, bool WithoutRowid)
{
    /// <summary>CREATE [TEMP|UNLOGGED …] TABLE [IF NOT EXISTS] name (…); null for anything else, AS SELECT included.</summary>
    public static NewTable? Read(LintStatement s)
    {
        if (StatementShapes.ReadCreateTable(s) is null)
            return null;
        var i = 1;
        while (s[i] != "TABLE")
            i++;
        i++;
        if (s.Is(i, "IF", "NOT", "EXISTS"))
            i += 3;
        var name = TableName.From(s.ReadQualifiedName(ref i));
        if (s[i] != "(")
            return null;
        var end = s.SkipGroup(i);
        var columns = new List<ColumnSpec>();
        var constraints = new List<TableConstraint>();
        foreach (var (start, stop) in s.SplitTopLevel(i + 1, end - 1))
        {
            if (ColumnDefinition.TableConstraintWords.Contains(s[start]))
                constraints.Add(TableConstraint.Read(s, start, stop));
            else
                columns.Add(ColumnSpec.Read(s, start, stop));
        }
        return new NewTable(name, columns, constraints, s.HasSequence(end, s.Count, "WITHOUT", "ROWID"));
    }

    /// <summary>The columns of the table-level PRIMARY KEY, if any.</summary>
    public IEnumerable<string> TablePrimaryKey =>
        Constraints.Where(c => c.Kind == TableConstraintKind.PrimaryKey).SelectMany(c => c.Keys).Select(k => k.Name);
}
