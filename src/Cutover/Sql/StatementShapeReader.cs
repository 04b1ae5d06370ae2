namespace Cutover.Sql;

/// <summary>Tells the statement forms apart by their leading words and reads each into a <see cref="StatementShape"/>.</summary>
internal static class StatementShapeReader
{
    private static readonly HashSet<string> TableWords = ["TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "VIRTUAL"];

    public static StatementShape Read(StatementTokens s) =>
        CreateTable(s) ?? CreateIndex(s) ?? AlterTable(s) ?? Drop(s) ?? DataChange(s) ?? new StatementShape(s, StatementKind.Other);

    /// <summary>Skips COLUMN and IF [NOT] EXISTS after ADD/DROP/ALTER/RENAME in an ALTER TABLE action.</summary>
    public static int SkipColumnWords(StatementTokens s, int i)
    {
        if (s[i] == "COLUMN")
            i++;
        if (s.Is(i, "IF", "NOT", "EXISTS"))
            i += 3;
        else if (s.Is(i, "IF", "EXISTS"))
            i += 2;
        return i;
    }

    /// <summary>CREATE [TEMP|UNLOGGED|VIRTUAL …] TABLE [IF NOT EXISTS] name [(…)] [WITHOUT ROWID].</summary>
    private static StatementShape? CreateTable(StatementTokens s)
    {
        if (s[0] != "CREATE")
            return null;
        var i = 1;
        while (TableWords.Contains(s[i]))
            i++;
        if (s[i] != "TABLE")
            return null;
        i++;
        var ifNotExists = s.Is(i, "IF", "NOT", "EXISTS");
        if (ifNotExists)
            i += 3;
        var table = TableName.From(s.ReadQualifiedName(ref i));
        if (s[i] != "(")
            return new StatementShape(s, StatementKind.CreateTable) { Table = table, IfNotExists = ifNotExists };

        var end = s.SkipGroup(i);
        var columns = new List<ColumnShape>();
        var constraints = new List<ConstraintShape>();
        foreach (var (start, stop) in s.SplitTopLevel(i + 1, end - 1))
        {
            if (ConstraintShape.StartsTableConstraint(s, start))
                constraints.Add(ConstraintShape.ReadTableConstraint(s, start, stop));
            else
                columns.Add(ColumnShape.Read(s, start, stop));
        }
        return new StatementShape(s, StatementKind.CreateTable)
        {
            Table = table, IfNotExists = ifNotExists, HasColumnList = true, Columns = columns, Constraints = constraints,
            WithoutRowid = s.HasSequence(end, s.Count, "WITHOUT", "ROWID"),
        };
    }

    /// <summary>CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table [USING method] (keys) … [WHERE predicate].</summary>
    private static StatementShape? CreateIndex(StatementTokens s)
    {
        if (s[0] != "CREATE")
            return null;
        var i = 1;
        var unique = s[i] == "UNIQUE";
        if (unique)
            i++;
        if (s[i] != "INDEX")
            return null;
        i++;
        var concurrently = s[i] == "CONCURRENTLY";
        if (concurrently)
            i++;
        var ifNotExists = s.Is(i, "IF", "NOT", "EXISTS");
        if (ifNotExists)
            i += 3;
        string? name = null;
        if (s[i] != "ON")
            name = s.ReadName(ref i);
        if (s[i] != "ON")
            return null;
        i++;
        if (s[i] == "ONLY")
            i++;
        var table = TableName.From(s.ReadQualifiedName(ref i));
        var open = i;
        while (open < s.Count && s[open] != "(")
            open++;
        var end = s.SkipGroup(open);
        var where = s.Find("WHERE", end);
        return new StatementShape(s, StatementKind.CreateIndex)
        {
            Table = table, IndexName = name, Unique = unique, Concurrently = concurrently, IfNotExists = ifNotExists,
            IndexColumns = Enumerable.Range(open + 1, Math.Max(0, end - open - 2))
                .Where(k => s.Token(k).Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier).Select(s.NameAt).ToList(),
            KeysStart = open, KeysEnd = end,
            IndexKeyRanges = open < s.Count ? s.SplitTopLevel(open + 1, end - 1) : [],
            PredicateStart = where < 0 ? -1 : where + 1,
        };
    }

    /// <summary>ALTER TABLE [IF EXISTS] [ONLY] name [*] action, action ….</summary>
    private static StatementShape? AlterTable(StatementTokens s)
    {
        if (!s.Is(0, "ALTER", "TABLE"))
            return null;
        var i = 2;
        if (s.Is(i, "IF", "EXISTS"))
            i += 2;
        if (s[i] == "ONLY")
            i++;
        var table = TableName.From(s.ReadQualifiedName(ref i));
        if (s[i] == "*")
            i++;
        var actions = s.SplitTopLevel(i, s.Count).Select(a => Action(s, a.Start, a.End)).ToList();
        return new StatementShape(s, StatementKind.AlterTable) { Table = table, Actions = actions };
    }

    private static AlterAction Action(StatementTokens s, int start, int end)
    {
        if (s[start] != "ADD")
            return new AlterAction(start, end, null, null);
        return ConstraintShape.StartsTableConstraint(s, start + 1)
            ? new AlterAction(start, end, null, ConstraintShape.ReadTableConstraint(s, start + 1, end))
            : new AlterAction(start, end, ColumnShape.Read(s, SkipColumnWords(s, start + 1), end), null);
    }

    /// <summary>DROP [MATERIALIZED] kind [CONCURRENTLY] [IF EXISTS] name, name … [CASCADE|RESTRICT].</summary>
    private static StatementShape? Drop(StatementTokens s)
    {
        if (s[0] != "DROP")
            return null;
        var i = s[1] == "MATERIALIZED" ? 3 : 2;
        if (s[i] == "CONCURRENTLY")
            i++;
        if (s.Is(i, "IF", "EXISTS"))
            i += 2;
        var names = new List<string>();
        while (i < s.Count && s[i] is not ("CASCADE" or "RESTRICT"))
        {
            names.Add(s.ReadName(ref i));
            if (s[i] == ",")
                i++;
            else
                break;
        }
        return new StatementShape(s, StatementKind.Drop) { Dropped = names };
    }

    /// <summary>INSERT, UPDATE or DELETE, after any WITH: its verb is the first one outside the CTEs' parentheses.</summary>
    private static StatementShape? DataChange(StatementTokens s)
    {
        var i = 0;
        if (s[0] == "WITH")
        {
            while (i < s.Count && s[i] is not ("INSERT" or "UPDATE" or "DELETE" or "SELECT"))
                i = s[i] == "(" ? s.SkipGroup(i) : i + 1;
        }
        var kind = s[i] switch
        {
            "INSERT" => StatementKind.Insert,
            "UPDATE" => StatementKind.Update,
            "DELETE" => StatementKind.Delete,
            _ => StatementKind.Other,
        };
        return kind == StatementKind.Other ? null : new StatementShape(s, kind);
    }
}
