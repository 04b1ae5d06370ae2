namespace Cutover.Tests.Operations;

/// <summary>alter-column through a shadow column: amount to bigint, in cents.</summary>
internal static class AlterColumnKillCase
{
    public static KillCase Of(string op, int rows) => new(
        "alter-column",
        $"""
        CREATE TABLE items (id integer PRIMARY KEY, amount integer, note text);
        INSERT INTO items (id, amount, note) SELECT x, x % 97, 'n' || x FROM {KillCase.Numbers(rows)};
        """,
        "alter-column items.amount type bigint up \"amount * 100\" down \"amount / 100\"",
        Backfills: 1,
        Backfilled:
        [
            $"SELECT (SELECT count(*) FROM items WHERE _cutover_amount IS NOT NULL) - (SELECT rows_done FROM cutover_backfill WHERE migration_id = '{op}')",
            "SELECT count(*) FROM items WHERE _cutover_amount <> amount * 100",
        ],
        Completed: ["SELECT * FROM items ORDER BY id", $"SELECT * FROM cutover_archive_{op}_items ORDER BY id"],
        AbortDrops: []);
}
