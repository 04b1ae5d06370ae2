namespace Cutover.Checking.Lint;

/// <summary>The statement forms several rules read: CREATE TABLE, CREATE INDEX, ALTER TABLE and the target of DROP.</summary>
internal static class StatementShapes
{
    public sealed record CreateTable(string Name, IReadOnlyList<ColumnDefinition> Columns, IReadOnlyList<(int Start, int End)> Constraints);

    public sealed record CreateIndex(string? Name, string Table, bool Unique, bool Concurrently, bool IfNotExists, IReadOnlyList<string> Columns, int KeysStart, int End);

    public sealed record AlterTable(string Table, IReadOnlyList<(int Start, int End)> Actions);

    /// <summary>CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] name (…), or null; AS SELECT and PARTITION OF give no columns.</summary>
    public static CreateTable? ReadCreateTable(LintStatement s)
    {
        if (s[0] != "CREATE")
            return null;
        var i = 1;
        while (s[i] is "TEMP" or "TEMPORARY" or "UNLOGGED" or "GLOBAL" or "LOCAL" or "VIRTUAL")
            i++;
        if (s[i] != "TABLE")
            return null;
        i++;
        if (s.Is(i, "IF", "NOT", "EXISTS"))
            i += 3;
        var name = s.ReadName(ref i);
        if (s[i] != "(")
            return new CreateTable(name, [], []);
        var end = s.SkipGroup(i) - 1;
        var columns = new List<ColumnDefinition>();
        var constraints = new List<(int, int)>();
        foreach (var (start, stop) in s.SplitTopLevel(i + 1, end))
        {
            if (ColumnDefinition.TableConstraintWords.Contains(s[start]))
                constraints.Add((start, stop));
            else
                columns.Add(ColumnDefinition.Parse(s, start, stop));
        }
        return new CreateTable(name, columns, constraints);
    }

    /// <summary>CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table [USING m] (…), or null.</summary>
    public static CreateIndex? ReadCreateIndex(LintStatement s)
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
        var table = s.ReadName(ref i);
        var open = i;
        while (open < s.Count && s[open] != "(")
            open++;
        var end = s.SkipGroup(open);
        var columns = Enumerable.Range(open + 1, Math.Max(0, end - open - 2))
            .Where(k => s.Token(k).Kind is Sql.SqlTokenKind.Word or Sql.SqlTokenKind.QuotedIdentifier)
            .Select(s.NameAt).ToList();
        return new CreateIndex(name, table, unique, concurrently, ifNotExists, columns, open, end);
    }

    /// <summary>ALTER TABLE [IF EXISTS] [ONLY] name action, action …, or null.</summary>
    public static AlterTable? ReadAlterTable(LintStatement s)
    {
        if (!s.StartsWith("ALTER", "TABLE"))
            return null;
        var i = 2;
        if (s.Is(i, "IF", "EXISTS"))
            i += 2;
        if (s[i] == "ONLY")
            i++;
        var table = s.ReadName(ref i);
        if (s[i] == "*")
            i++;
        return new AlterTable(table, s.SplitTopLevel(i, s.Count));
    }

    /// <summary>The names after DROP &lt;kind&gt; [CONCURRENTLY] [IF EXISTS], up to CASCADE/RESTRICT.</summary>
    public static List<string> DroppedNames(LintStatement s, int from)
    {
        var i = from;
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
        return names;
    }

    /// <summary>Skips COLUMN and IF [NOT] EXISTS after ADD/DROP/ALTER/RENAME in an ALTER TABLE action.</summary>
    public static int SkipColumnWords(LintStatement s, int i)
    {
        if (s[i] == "COLUMN")
            i++;
        if (s.Is(i, "IF", "NOT", "EXISTS"))
            i += 3;
        else if (s.Is(i, "IF", "EXISTS"))
            i += 2;
        return i;
    }
}
