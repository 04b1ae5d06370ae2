using System.Text;
using Cutover.Operations;
using Cutover.Schema;
using static Cutover.Schema.SchemaText;

namespace Cutover.Sqlite;

/// <summary>
/// The table a SQLite split-table or extract-table leaves behind, built during the window instead of under complete's
/// lock. Dropping several columns in SQLite means rewriting the table; done inside complete (<see cref="SqliteRebuild"/>)
/// every writer waits for the copy of every row. So expand creates <c>cutover_staged_&lt;id&gt;_&lt;table&gt;</c> with
/// the final definition, AFTER triggers on the table keep it in step (each re-reads the row as it is now, so the order
/// in which SQLite fires them next to the operation's own triggers does not matter), and a backfill step copies the
/// existing rows. Complete then only swaps: the table is renamed to its archive name and the staged table to the
/// table's (legacy_alter_table on, so foreign keys, views and triggers that name the table now name the new one), and
/// the indexes and triggers the table had are made again (the index builds are what is left under the lock).
/// </summary>
internal sealed class SqliteStagedTable
{
    private readonly TableTransform _t;
    private readonly SchemaModel _schema;
    private readonly string _table;
    private readonly string _staged;
    private readonly List<string> _columns;
    private readonly IReadOnlyList<string> _key;
    private readonly IReadOnlyList<string> _triggers;

    /// <param name="remaining">The table as complete leaves it: its kept columns in <see cref="TableTransform.NewShape"/> (same names), the moved ones in <see cref="TableTransform.Dropped"/>.</param>
    /// <param name="schema">The live schema, for the table's own triggers.</param>
    public SqliteStagedTable(TableTransform remaining, SchemaModel schema)
    {
        _t = remaining;
        _schema = schema;
        _table = Quote(remaining.Table.Name);
        _staged = Quote($"cutover_staged_{remaining.MigrationId}_{remaining.Table.Name}");
        _columns = remaining.NewShape.Select(c => Quote(c.Name)).ToList();
        _key = remaining.Key.Select(Quote).ToList();
        _triggers = new[] { "insert", "update", "delete" }.Select(s => Quote($"cutover_{remaining.MigrationId}_{remaining.Table.Name}_staged_{s}")).ToList();
    }

    private string ByKey(string left, string right) => string.Join(" AND ", _key.Select(k => $"{left}{k} = {right}{k}"));

    /// <summary>The rows of the table whose key is in <paramref name="where"/>'s rows, copied or brought up to date in the staged table.</summary>
    private string Upsert(string where) =>
        $"INSERT INTO {_staged} ({string.Join(", ", _columns)}) SELECT {string.Join(", ", _columns)} FROM {_table} WHERE {where} " +
        $"ON CONFLICT ({string.Join(", ", _key)}) DO UPDATE SET {string.Join(", ", _columns.Select(c => $"{c} = excluded.{c}"))} " +
        $"WHERE {string.Join(" OR ", _columns.Select(c => $"{_staged}.{c} IS NOT excluded.{c}"))};";


    /// <summary>Up statements of expand: the staged table and the triggers that keep it in step.</summary>
    public string Expand()
    {
        var sql = new StringBuilder($"CREATE TABLE {_staged} ({SqliteRebuild.Definition(_t)});\n");
        sql.Append($"CREATE TRIGGER {_triggers[0]} AFTER INSERT ON {_table} FOR EACH ROW BEGIN {Upsert(ByKey("", "NEW."))} END;\n");
        var keyChanged = string.Join(" OR ", _key.Select(k => $"NEW.{k} IS NOT OLD.{k}"));
        sql.Append($"CREATE TRIGGER {_triggers[1]} AFTER UPDATE ON {_table} FOR EACH ROW BEGIN DELETE FROM {_staged} WHERE ({keyChanged}) AND {ByKey("", "OLD.")}; {Upsert(ByKey("", "NEW."))} END;\n");
        sql.Append($"CREATE TRIGGER {_triggers[2]} AFTER DELETE ON {_table} FOR EACH ROW BEGIN DELETE FROM {_staged} WHERE {ByKey("", "OLD.")}; END;\n");
        return sql.ToString();
    }

    /// <summary>A backfill section copying the rows the triggers have not (a row they copied is as new or newer).</summary>
    public string Backfill() =>
        $"-- cutover:backfill {_table}\nINSERT INTO {_staged} ({string.Join(", ", _columns)}) SELECT {string.Join(", ", _columns)} FROM {_table} WHERE {{batch}} ON CONFLICT DO NOTHING;\n";

    /// <summary>What abort and complete drop first: the triggers (complete drops them before the swap, abort with the table).</summary>
    public string DropTriggers() => string.Concat(_triggers.Select(t => $"DROP TRIGGER IF EXISTS {t};\n"));

    /// <summary>Abort: the triggers and the staged table.</summary>
    public string Abort() => DropTriggers() + $"DROP TABLE IF EXISTS {_staged};\n";

    /// <summary>
    /// Verify's check: a row of the table whose staged row is missing or differs, repaired by copying it again. (A staged
    /// row whose table row is gone cannot be walked to: verify walks tables of the schema, which leaves Cutover's own out;
    /// the delete trigger removes it in the deleting transaction.)
    /// </summary>
    public OperationCheck Check() => new(_table,
        $"NOT EXISTS (SELECT 1 FROM {_staged} AS cutover_staged WHERE {string.Join(" AND ", _key.Select(k => $"cutover_staged.{k} = {_table}.{k}"))} " +
        $"AND {string.Join(" AND ", _columns.Select(c => $"cutover_staged.{c} IS {_table}.{c}"))})",
        Upsert("{batch}").TrimEnd(';'));

    /// <summary>
    /// Complete's swap (inside its transaction, after the operation's own triggers and views are gone): the table becomes
    /// <paramref name="archive"/>, the staged table the table; its indexes (their names go with the new table) and own
    /// triggers are made again.
    /// </summary>
    public string Swap(string archive)
    {
        var sql = new StringBuilder(DropTriggers());
        var ownTriggers = _schema.Triggers.Where(tr => tr.Table == _t.Table.Name).ToList();
        foreach (var index in _t.Table.Indexes)
            sql.Append($"DROP INDEX IF EXISTS {Quote(index.Name)};\n");
        foreach (var trigger in ownTriggers)
            sql.Append($"DROP TRIGGER IF EXISTS {Quote(trigger.Name)};\n");
        sql.Append("PRAGMA legacy_alter_table = ON;\n")
            .Append($"ALTER TABLE {_table} RENAME TO {archive};\n")
            .Append($"ALTER TABLE {_staged} RENAME TO {_table};\n")
            .Append("PRAGMA legacy_alter_table = OFF;\n");
        foreach (var index in _t.Table.Indexes.Where(i => !_t.Dropped.Any(i.Uses)))
            sql.Append(CreateIndex(_t.Table, index)).Append(";\n");
        foreach (var trigger in ownTriggers)
            sql.Append(trigger.Definition.TrimEnd(';', ' ', '\n')).Append(";\n");
        return sql.ToString();
    }
}
