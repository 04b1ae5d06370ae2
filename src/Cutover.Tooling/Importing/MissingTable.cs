using System.Data.Common;

namespace Cutover.Importing;

/// <summary>
/// Whether a query failed because its table is not there: how the imports tell "this tool never ran on the
/// database" from a real failure. The runtime knows no driver, so it goes by PostgreSQL's SQLSTATE and SQLite's
/// words, not by the table's name in the message (which a schema-qualified name, or another error about the same
/// table, would get wrong).
/// </summary>
internal static class MissingTable
{
    /// <summary>SQLite: "no such table: x" or "unknown database x" (a schema it does not have); PostgreSQL: relation or schema "x" does not exist (42P01, 3F000).</summary>
    public static bool IsCauseOf(DbException e) =>
        e.SqlState is "42P01" or "3F000"
        || e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("unknown database", StringComparison.OrdinalIgnoreCase);
}
