using System.Data.Common;

namespace Cutover.Importing;

/// <summary>
/// What DbUp applied to a database, from its journal table, and the Cutover baseline that stands for it. DbUp's table
/// holds one row per script run (SQLite: <c>SchemaVersions(SchemaVersionID, ScriptName, Applied)</c>; PostgreSQL:
/// <c>schemaversions(schemaversionsid, scriptname, applied)</c> in the connection's default schema).
/// </summary>
public static class DbUpJournal
{
    /// <summary>DbUp's default table name (SQLite spells it SchemaVersions; its names ignore case, so one spelling finds both).</summary>
    public const string DefaultTable = "schemaversions";

    /// <summary>The names of the scripts DbUp journaled; null when the database has no such table.</summary>
    /// <param name="connection">An open connection to the database DbUp upgraded.</param>
    /// <param name="table">The journal table, as given to DbUp's <c>JournalToSqliteTable</c>/<c>JournalToPostgresqlTable</c>; null for the default.</param>
    /// <param name="schema">Its schema; null for the connection's default (PostgreSQL: the search_path).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<JournaledScripts?> AppliedAsync(DbConnection connection, string? table, string? schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var name = JournalTable.Quote(table ?? DefaultTable, "--journal-table");
        var qualified = schema is null ? name : JournalTable.Quote(schema, "--journal-schema") + "." + name;
        // Unquoted column names: PostgreSQL folds them to DbUp's lower-case columns, SQLite ignores their case.
        var read = await JournalTable.ReadAsync(connection,
            [new JournalTable.Candidate(schema is null ? table ?? DefaultTable : $"{schema}.{table ?? DefaultTable}", $"SELECT scriptname FROM {qualified}")],
            cancellationToken).ConfigureAwait(false);
        return read is { } found ? new JournaledScripts(found.Table, found.Scripts) : null;
    }

    /// <summary>
    /// The imported migration to baseline at: the last script such that it and every script before it in DbUp's order
    /// were applied and none after it was; null when DbUp applied none of them.
    /// </summary>
    /// <param name="import">The planned import.</param>
    /// <param name="journal">What DbUp journaled.</param>
    /// <param name="scriptPrefix">
    /// What DbUp put before the file names it journaled, when the scripts ran as embedded resources
    /// (<c>MyApp.Scripts.</c> before <c>0001_users.sql</c>); null when it ran them from the folder.
    /// </param>
    /// <exception cref="InvalidToolInputException">The journal and the folder disagree.</exception>
    public static ImportedScript? BaselineFor(DbUpImportReport import, JournaledScripts journal, string? scriptPrefix)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(journal);
        var applied = journal.Scripts
            .Select(s => scriptPrefix is not null && s.StartsWith(scriptPrefix, StringComparison.Ordinal) ? s[scriptPrefix.Length..] : s)
            .ToList();
        return JournalBaseline.For(journal.Table, import.Imported, applied, StringComparer.Ordinal,
            scriptPrefix is null
                ? "import the folder that holds every script DbUp ran; if DbUp ran them as embedded resources, pass --script-prefix with what comes before the file name"
                : "import the folder that holds every script DbUp ran, with the --script-prefix its journal uses",
            "run DbUp on the database first (it runs scripts it has not run, wherever they sort), then import again: a baseline would count it as applied");
    }
}
