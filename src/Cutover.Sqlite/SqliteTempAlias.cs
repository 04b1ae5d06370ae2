using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// The shape statements that give a connection of the new version a name for a view of the database: a TEMP view with
/// that name (TEMP objects come first in SQLite's name lookup) and TEMP INSTEAD OF triggers that forward its writes to
/// the view, whose own triggers (created at expand) write the tables. The first statement only reads the view: once
/// complete has dropped it, it fails before anything is created (a TEMP view over a missing view would be created, and
/// fail every query later), which tells an application working from an older answer to read the migration's state again.
/// </summary>
internal static class SqliteTempAlias
{
    public static IEnumerable<string> Statements(string alias, string view, IReadOnlyList<string> columns, IReadOnlyList<string> key)
    {
        var name = Quote(alias);
        var target = Quote(view);
        var quoted = columns.Select(Quote).ToList();
        var byKey = string.Join(" AND ", key.Select(k => $"{Quote(k)} = OLD.{Quote(k)}"));
        yield return Guard(target);
        yield return $"CREATE TEMP VIEW IF NOT EXISTS {name} AS SELECT * FROM {target}";
        yield return $"CREATE TEMP TRIGGER IF NOT EXISTS {Quote(view + "_temp_insert")} INSTEAD OF INSERT ON {name} BEGIN INSERT INTO {target} ({string.Join(", ", quoted)}) VALUES ({string.Join(", ", quoted.Select(c => "NEW." + c))}); END";
        yield return $"CREATE TEMP TRIGGER IF NOT EXISTS {Quote(view + "_temp_update")} INSTEAD OF UPDATE ON {name} BEGIN UPDATE {target} SET {string.Join(", ", quoted.Select(c => $"{c} = NEW.{c}"))} WHERE {byKey}; END";
        yield return $"CREATE TEMP TRIGGER IF NOT EXISTS {Quote(view + "_temp_delete")} INSTEAD OF DELETE ON {name} BEGIN DELETE FROM {target} WHERE {byKey}; END";
    }

    /// <summary>Fails ("no such table") when <paramref name="target"/> (quoted) is gone; reads nothing.</summary>
    public static string Guard(string target) => $"SELECT 1 FROM {target} LIMIT 0";
}
