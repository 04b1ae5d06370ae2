using Cutover.Checking.Lint;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// <c>[WITH …] INSERT INTO new_table [(columns)] SELECT …</c> into a table a pending migration creates (a
/// normalisation, or SQLite's table rebuild): the new table's constraints, checked against the rows the SELECT
/// would produce from the data as it is now.
/// </summary>
internal static class InsertSelectConstraints
{
    public static IReadOnlyList<PendingConstraint> Read(LintStatement s, SqlSemantics engine, PendingChanges changes)
    {
        var i = 0;
        var prefix = "";
        if (s[0] == "WITH")
        {
            while (i < s.Count && s[i] is not ("INSERT" or "REPLACE"))
                i = s[i] == "(" ? s.SkipGroup(i) : i + 1;
            if (i >= s.Count)
                return [];
            // The statement's own CTEs travel with its SELECT, nested in the audit's.
            prefix = s.SourceOf(0, i) + "\n";
        }

        var conflict = InsertConflict.None;
        if (s[i] == "REPLACE")
            conflict = InsertConflict.Replace;
        else if (s[i] != "INSERT")
            return [];
        i++;
        if (s[i] == "OR")
        {
            conflict = s[i + 1] switch { "IGNORE" => InsertConflict.Ignore, "REPLACE" => InsertConflict.Replace, _ => InsertConflict.None };
            i += 2;
        }
        if (s[i] != "INTO")
            return [];
        i++;
        var target = TableName.From(s.ReadQualifiedName(ref i));
        if (changes.Definition(target) is not { } table)
            return [];
        if (s[i] == "AS")
            i += 2;

        IReadOnlyList<string> columns = table.Columns.Select(c => c.FoldedName).ToList();
        if (s[i] == "(" && s[i + 1] is not ("SELECT" or "WITH"))
        {
            columns = IndexKey.ReadNames(s.Sql, i);
            i = s.SkipGroup(i);
        }
        if (s[i] == "OVERRIDING")
            i += 3;
        if ((s[i] == "(" ? s[i + 1] : s[i]) is not ("SELECT" or "WITH"))
            return [];

        var end = i;
        while (end < s.Count && !s.Is(end, "ON", "CONFLICT") && s[end] != "RETURNING")
            end = s[end] == "(" ? s.SkipGroup(end) : end + 1;
        if (conflict == InsertConflict.None && s.Is(end, "ON", "CONFLICT"))
            conflict = InsertConflict.OnConflict;

        var rows = new SelectedRows(table.Table!, columns, prefix + s.SourceOf(i, end), TablesRead(s, end));
        return NewTableConstraints.For(table, rows, engine).Select(c => WithConflictNote(c, conflict)).ToList();
    }

    /// <summary>The names after FROM and JOIN: enough to tell when the SELECT reads a table that does not exist yet.</summary>
    private static List<string> TablesRead(LintStatement s, int end)
    {
        var names = new List<string>();
        for (var k = 0; k < end - 1; k++)
        {
            if (s[k] is "FROM" or "JOIN" && s.Token(k).Kind == SqlTokenKind.Word
                && s.Token(k + 1).Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
                names.Add(s.NameAt(k + 1));
        }
        return names;
    }

    private static PendingConstraint WithConflictNote(PendingConstraint constraint, InsertConflict conflict)
    {
        var note = (conflict, constraint.Test) switch
        {
            (InsertConflict.Ignore, NullTest or EveryRowTest or CheckTest or DuplicateTest) =>
                "INSERT OR IGNORE skips these rows without an error: they would be lost, not rejected",
            (InsertConflict.Replace, DuplicateTest) =>
                "OR REPLACE keeps the last row of each duplicate: the others would be lost, not rejected",
            (InsertConflict.Replace, NullTest or EveryRowTest) =>
                "OR REPLACE puts the column's default in place of NULL, and fails only where there is none",
            (InsertConflict.OnConflict, DuplicateTest) =>
                "ON CONFLICT handles duplicates: all but one row of each would be skipped or merged, not rejected",
            _ => null,
        };
        return constraint with { NoteIfViolated = note };
    }
}
