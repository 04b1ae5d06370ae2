namespace Cutover.Tests.Operations;

/// <summary>rebuild-table: the same change as the alter-column case (amount to bigint, in cents), copied into a shadow table.</summary>
internal static class RebuildTableKillCase
{
    public static KillCase Of(string op, int rows)
    {
        var shadow = $"cutover_shadow_{op}_items";
        // The backfill copies keys in order from the first: the rows done are ids 1..rows_done, and only those.
        var done = $"(SELECT rows_done FROM cutover_backfill WHERE migration_id = '{op}')";
        return new KillCase(
            "rebuild-table",
            $"""
            CREATE TABLE items (id integer PRIMARY KEY, amount integer, note text);
            INSERT INTO items (id, amount, note) SELECT x, x % 97, 'n' || x FROM {KillCase.Numbers(rows)};
            """,
            """rebuild-table items "id integer PRIMARY KEY, amount bigint, note text" up (amount "amount * 100") down (amount "amount / 100")""",
            Backfills: 1,
            Backfilled:
            [
                $"SELECT (SELECT count(*) FROM {shadow}) - {done}",
                $"SELECT count(*) FROM {shadow} WHERE id > {done}",
                $"SELECT count(*) FROM {shadow} s JOIN items i ON i.id = s.id WHERE s.amount <> i.amount * 100 OR s.note <> i.note",
            ],
            // The archive is the old table renamed: the old rows with their old values.
            Completed: ["SELECT * FROM items ORDER BY id", $"SELECT * FROM cutover_archive_{op}_items ORDER BY id"],
            AbortDrops: [shadow],
            // Its PostgreSQL expand takes no ACCESS EXCLUSIVE lock on items (CREATE TRIGGER takes SHARE ROW EXCLUSIVE, its
            // INSERT … WHERE false ROW EXCLUSIVE), so a plain reader's hold would not stop it; a SHARE lock (what a
            // CREATE INDEX holds) stops it, and complete's and abort's steps as well.
            PostgresHold: "SHARE");
    }
}
