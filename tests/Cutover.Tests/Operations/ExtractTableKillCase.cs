namespace Cutover.Tests.Operations;

/// <summary>
/// extract-table (1:n): the customer columns of <c>items</c> move into <c>customers</c>. 37 customers over the rows,
/// some without an email (a tuple with a NULL) and some rows with no customer at all (both NULL: their key stays NULL).
/// </summary>
internal static class ExtractTableKillCase
{
    public static KillCase Of(string op, int rows, bool postgres)
    {
        // The two backfills (customers inserted, then keys set) each go over the keys in order from the first: each has
        // done ids 1..its rows_done. The second has no checkpoint until the first is over.
        var firstDone = $"(SELECT rows_done FROM cutover_backfill WHERE migration_id = '{op}' ORDER BY step LIMIT 1)";
        var secondDone = $"coalesce((SELECT rows_done FROM cutover_backfill WHERE migration_id = '{op}' ORDER BY step LIMIT 1 OFFSET 1), 0)";
        const string hasCustomer = "(customer_name IS NOT NULL OR customer_email IS NOT NULL)";
        // NULL-safe equality both engines run ('-' is no value of the data).
        static string Same(string customer, string item) =>
            $"coalesce({customer}.name, '-') = coalesce({item}.customer_name, '-') AND coalesce({customer}.email, '-') = coalesce({item}.customer_email, '-')";
        var archive = $"cutover_archive_{op}_items";
        return new KillCase(
            "extract-table",
            $"""
            CREATE TABLE items (id integer PRIMARY KEY, amount integer, note text, customer_name text, customer_email text);
            INSERT INTO items (id, amount, note, customer_name, customer_email)
            SELECT x, x % 97, 'n' || x,
                   CASE WHEN x % 11 = 0 THEN NULL ELSE 'c' || (x % 37) END,
                   CASE WHEN x % 11 = 0 OR x % 13 = 0 THEN NULL ELSE 'c' || (x % 37) || '@x' END
            FROM {KillCase.Numbers(rows)};
            """,
            "extract-table items (customer_name, customer_email) to customers (name, email) key customer_id",
            Backfills: 2,
            Backfilled:
            [
                // First backfill: one customer per distinct tuple of the rows it did, and none other.
                $"SELECT (SELECT count(*) FROM customers) - (SELECT count(*) FROM (SELECT DISTINCT customer_name, customer_email FROM items WHERE id <= {firstDone} AND {hasCustomer}) d)",
                $"SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id <= {firstDone} AND {Same("c", "i")})",
                // Second backfill: exactly the rows it did that have a customer got their key, each naming its own values.
                $"SELECT (SELECT count(*) FROM items WHERE customer_id IS NOT NULL) - (SELECT count(*) FROM items WHERE id <= {secondDone} AND {hasCustomer})",
                $"SELECT count(*) FROM items WHERE customer_id IS NOT NULL AND id > {secondDone}",
                $"SELECT count(*) FROM items i WHERE i.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = i.customer_id AND {Same("c", "i")})",
            ],
            // customers.id is an identity (SQLite: a rowid) given in the order the backfill's batches met the tuples, which
            // kills can change: customers compare by their values and rows by the values their key names. The column
            // lists compare on their own (a query with no rows).
            Completed:
            [
                "SELECT * FROM items WHERE id < 0",
                "SELECT i.id, i.amount, i.note, c.name, c.email FROM items i LEFT JOIN customers c ON c.id = i.customer_id ORDER BY i.id",
                "SELECT * FROM customers WHERE id < 0",
                "SELECT name, email FROM customers ORDER BY name, email",
                $"SELECT * FROM {archive} WHERE id < 0",
                $"SELECT a.id, a.customer_name, a.customer_email, c.name, c.email FROM {archive} a LEFT JOIN customers c ON c.id = a.customer_id ORDER BY a.id",
            ],
            AbortDrops: ["customers"],
            // PostgreSQL's complete validates the foreign key (and tries a NOT NULL check) outside its transaction, with
            // locks a reader does not stop; the transaction's first DROP TRIGGER on items then waits for the hold.
            CompleteCommitsBeforeTheHold: postgres);
    }
}
