using Cutover.Files;
using Cutover.Schema;

namespace Cutover.Backfill;

/// <summary>
/// The key a backfill walks in order: the table's primary key, another unique key whose columns are all NOT
/// NULL (named with <c>key=</c>), or on SQLite the rowid of a table without a primary key. Its values must
/// sort the same way in the database every time, so only integer, text and uuid columns qualify.
/// </summary>
/// <param name="Columns">The key columns, quoted for SQL (<c>rowid</c> unquoted).</param>
/// <param name="Description">How the key was chosen, e.g. <c>primary key (id)</c>.</param>
internal sealed record BackfillKey(IReadOnlyList<string> Columns, string Description)
{
    /// <summary>
    /// The table the directive resolved to in the catalog, written back canonically (schema-qualified on engines with
    /// schemas, a part quoted when it is not a plain lower-case name): what the checkpoint stores, and what
    /// <see cref="Identifier.Sql"/> turns into the quoted name every batch uses. Never the directive's text itself.
    /// </summary>
    public string Table { get; init; } = "";

    /// <summary>Chooses the key of <paramref name="spec"/>'s table in <paramref name="model"/>; bad input naming <paramref name="where"/> when none will do.</summary>
    public static BackfillKey Resolve(SchemaModel model, IReadOnlyList<string> schemas, BackfillSpec spec, FileLine where)
    {
        var table = FindTable(model, schemas, spec.Table, where);
        var sqlite = table.Schema.Length == 0;
        if (spec.Key is { } named)
        {
            var names = named.Select(Identifier.Unquote).ToList();
            foreach (var name in names)
            {
                var column = Column(table, name) ?? throw new InvalidFileException(
                    where.Path, where.Line, $"key={string.Join(',', named)}: table {spec.Table} has no column {name}", $"name columns of {spec.Table}: {string.Join(", ", table.Columns.Select(c => c.Name))}");
                if (column.Nullable && !IsPrimaryKey(table, names))
                    throw new InvalidFileException(where.Path, where.Line, $"key column {name} of {spec.Table} allows NULL, so some rows would never be in a batch",
                        $"make it NOT NULL, or name a NOT NULL unique key; candidates: {Candidates(table)}");
            }
            if (!UniqueKeys(table).Any(k => SameColumns(k, names)))
                throw new InvalidFileException(where.Path, where.Line, $"key={string.Join(',', named)} is not a unique key of {spec.Table}, so batches could overlap",
                    $"add a unique index on ({string.Join(", ", names)}), or name a unique key; candidates: {Candidates(table)}");
            return Checked(table, names, $"key={string.Join(',', names)}", where, spec);
        }
        if (table.PrimaryKey is { } primary)
            return Checked(table, primary.Columns, $"primary key ({string.Join(", ", primary.Columns)})", where, spec);
        if (sqlite)
            return new BackfillKey(["rowid"], "rowid (the table has no primary key)") { Table = Identifier.Canonical(table.Schema, table.Name) };
        var candidates = Candidates(table);
        throw new InvalidFileException(where.Path, where.Line, $"table {spec.Table} has no primary key to walk in batches",
            candidates == "none"
                ? $"add a primary key to {spec.Table} (ALTER TABLE … ADD PRIMARY KEY), or a unique NOT NULL column and name it with key="
                : $"name a NOT NULL unique key with key=, e.g. key={candidates.Split(';')[0].Trim()}, or add a primary key");
    }

    private static BackfillKey Checked(TableModel table, IReadOnlyList<string> names, string description, FileLine where, BackfillSpec spec)
    {
        foreach (var name in names)
        {
            var type = Column(table, name)!.Type;
            if (!IsWalkable(type, table.Schema.Length == 0))
                throw new InvalidFileException(where.Path, where.Line, $"key column {name} of {spec.Table} is {type}; backfills walk integer, text and uuid keys",
                    $"name another unique NOT NULL key with key=; candidates: {Candidates(table)}");
        }
        return new BackfillKey(names.Select(Identifier.Quote).ToList(), description) { Table = Identifier.Canonical(table.Schema, table.Name) };
    }

    // PostgreSQL by name; SQLite by its type affinity rules (a declared type containing INT is an integer, …).
    private static bool IsWalkable(string type, bool sqlite)
    {
        var t = type.ToLowerInvariant();
        return sqlite
            ? t.Contains("int", StringComparison.Ordinal) || t.Contains("char", StringComparison.Ordinal) || t.Contains("clob", StringComparison.Ordinal)
              || t.Contains("text", StringComparison.Ordinal) || t is "blob" or "" or "uuid"
            : t is "smallint" or "integer" or "bigint" or "text" or "uuid"
              || t.StartsWith("character varying", StringComparison.Ordinal) || t.StartsWith("character(", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether SQL that runs before the backfill could create its table: it names the table at all (a plain text
    /// search, deliberately generous, so a rename or a CREATE TABLE in any form counts).
    /// </summary>
    public static bool MayBeCreatedBy(string written, string earlierSql) =>
        earlierSql.Contains(Identifier.SplitQualified(written)[^1], StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the table a directive names is in the model.</summary>
    public static bool Exists(SchemaModel model, IReadOnlyList<string> schemas, string written) => Lookup(model, schemas, written) is not null;

    private static TableModel FindTable(SchemaModel model, IReadOnlyList<string> schemas, string written, FileLine where) =>
        Lookup(model, schemas, written) ?? throw new InvalidFileException(where.Path, where.Line, $"backfill table {written} does not exist when the step runs",
            "create it in an up step before the backfill, or fix the name (schema-qualify it if it is outside the configured schemas)");

    /// <summary>The table named, in the first configured schema that has it when the name is not qualified (SQLite has one).</summary>
    private static TableModel? Lookup(SchemaModel model, IReadOnlyList<string> schemas, string written)
    {
        var parts = Identifier.SplitQualified(written);
        var name = parts[^1];
        return model.Tables
            .Where(t => (parts.Count == 1 || t.Schema == parts[0])
                        && (t.Schema.Length == 0 ? string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) : t.Name == name))
            .OrderBy(t => schemas.ToList().IndexOf(t.Schema) is var i && i < 0 ? int.MaxValue : i)
            .FirstOrDefault();
    }

    private static ColumnModel? Column(TableModel table, string name) =>
        table.Columns.FirstOrDefault(c => c.Name == name) ?? table.Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool IsPrimaryKey(TableModel table, IReadOnlyList<string> names) => table.PrimaryKey is { } p && SameColumns(p.Columns, names);

    private static IEnumerable<IReadOnlyList<string>> UniqueKeys(TableModel table) =>
        new[] { table.PrimaryKey?.Columns }.OfType<IReadOnlyList<string>>()
            .Concat(table.Uniques.Select(u => u.Columns))
            .Concat(table.Indexes.Where(i => i.Unique && i.Predicate is null).Select(i => (IReadOnlyList<string>)i.Keys.Select(Identifier.Unquote).ToList()));

    private static bool SameColumns(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.All(x => b.Contains(x, StringComparer.OrdinalIgnoreCase));

    /// <summary>The unique keys whose columns are all NOT NULL, as key= values, for error hints.</summary>
    private static string Candidates(TableModel table)
    {
        var keys = UniqueKeys(table)
            .Where(k => k.All(c => Column(table, c) is { Nullable: false }))
            .Select(k => string.Join(',', k)).Distinct().ToList();
        return keys.Count == 0 ? "none" : string.Join("; ", keys);
    }
}

/// <summary>SQL identifiers as written in a directive: quoting, unquoting, schema-qualified names.</summary>
internal static class Identifier
{
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary><c>"Mixed Case"</c> → <c>Mixed Case</c>; an unquoted name is folded to lower case as PostgreSQL does.</summary>
    public static string Unquote(string written) =>
        written.Length >= 2 && written[0] == '"' && written[^1] == '"'
            ? written[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : written.ToLowerInvariant();

    /// <summary>
    /// A table as it is in the catalog, written so that <see cref="SplitQualified"/> reads it back exactly:
    /// <c>public.users</c>, <c>public."Mixed"</c>, <c>"victim;delete"</c> (SQLite has no schema part).
    /// </summary>
    public static string Canonical(string schema, string name) =>
        schema.Length == 0 ? Written(name) : Written(schema) + "." + Written(name);

    /// <summary>
    /// A table name as written (in a directive or <see cref="Canonical"/>), quoted part by part for SQL: the only form
    /// of it that reaches a statement, so no name, however odd, is read as SQL.
    /// </summary>
    public static string Sql(string written) => string.Join('.', SplitQualified(written).Select(Quote));

    private static string Written(string part) =>
        part.Length > 0 && (part[0] is >= 'a' and <= 'z' or '_') && part.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_') ? part : Quote(part);

    /// <summary>Splits <c>schema.table</c> on dots outside double quotes, unquoting each part.</summary>
    public static IReadOnlyList<string> SplitQualified(string written)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] == '"')
                quoted = !quoted;
            else if (written[i] == '.' && !quoted)
            {
                parts.Add(Unquote(written[start..i]));
                start = i + 1;
            }
        }
        parts.Add(Unquote(written[start..]));
        return parts;
    }
}
