using Cutover.Checking.Lint;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// What the statements read so far will have done by the time the next one runs: tables created (which do not
/// exist on the copy yet), tables whose rows are changed (so counts made now may differ), columns added, and
/// the definitions of new tables that a later INSERT … SELECT fills. Names are compared without their schema.
/// </summary>
internal sealed class PendingChanges
{
    private readonly Dictionary<string, Place> _created = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RowChange> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Place> _addedColumns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StatementShape> _definitions = new(StringComparer.Ordinal);

    public Place? CreatedAt(TableName table) => _created.GetValueOrDefault(table.Name);

    /// <summary>The first statement read so far that changes the rows of <paramref name="table"/>, if any.</summary>
    public RowChange? ChangedBefore(string table) => _changed.GetValueOrDefault(table);

    public Place? ColumnAddedAt(TableName table, string column) => _addedColumns.GetValueOrDefault($"{table.Name}.{column}");

    /// <summary>The CREATE TABLE of a table a pending migration creates, with its columns.</summary>
    public StatementShape? Definition(TableName table) => _definitions.GetValueOrDefault(table.Name);

    /// <summary>Records what the statement does, after the audit has read the constraints it adds.</summary>
    public void Track(LintStatement s, Place place)
    {
        var shape = s.Shape;
        if (shape is { Kind: StatementKind.CreateTable, Table.Name: var created })
        {
            _created[created] = place;
            if (shape.HasColumnList)
                _definitions[created] = shape;
        }
        else if (shape is { Kind: StatementKind.AlterTable, Table.Name: var altered })
            TrackAlter(s, altered, shape.Actions, place);
        else if (DataChangeTarget(s, place) is { } change)
            _changed.TryAdd(change.Table, change);
    }

    private void TrackAlter(LintStatement s, string table, IReadOnlyList<AlterAction> actions, Place place)
    {
        foreach (var (start, end, column, _) in actions)
        {
            if (s.Is(start, "RENAME", "TO"))
                _created[s.NameAt(start + 2)] = place;
            else if (column is not null)
                _addedColumns[$"{table}.{column.FoldedName}"] = place;
            else if (s[start] == "RENAME" && s.Find("TO", start, end) is var to and > 0)
                _addedColumns[$"{table}.{s.NameAt(to + 1)}"] = place;
        }
    }

    /// <summary>The table whose rows the statement changes, and the words that say how; null when it changes none.</summary>
    private static RowChange? DataChangeTarget(LintStatement s, Place place)
    {
        // A data-changing statement may start with WITH: its verb is the first one outside the CTEs' parentheses.
        var i = 0;
        if (s[0] == "WITH")
        {
            while (i < s.Count && s[i] is not ("INSERT" or "UPDATE" or "DELETE" or "MERGE"))
                i = s[i] == "(" ? s.SkipGroup(i) : i + 1;
        }
        var verb = s[i];
        var at = verb switch
        {
            "INSERT" or "MERGE" when s.Find("INTO", i, i + 4) is var into and >= 0 => into + 1,
            "REPLACE" when s[i + 1] == "INTO" => i + 2,
            "UPDATE" => s.Is(i + 1, "OR") ? i + 3 : i + 1,
            "DELETE" when s[i + 1] == "FROM" => i + 2,
            "TRUNCATE" => s[i + 1] == "TABLE" ? i + 2 : i + 1,
            "COPY" when s.Has("FROM", i) => i + 1,
            _ => -1,
        };
        if (at < 0)
            return null;
        if (s[at] == "ONLY")
            at++;
        var table = s.ReadName(ref at);
        return new RowChange(table, s.TextOf(i, at), verb is "INSERT" or "REPLACE" or "MERGE" or "COPY", place);
    }
}

/// <summary>A statement that changes a table's rows: <c>UPDATE users</c> at a place; inserts fill the table.</summary>
internal sealed record RowChange(string Table, string What, bool Fills, Place Where);
