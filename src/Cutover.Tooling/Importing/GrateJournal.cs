using System.Data.Common;

namespace Cutover.Importing;

/// <summary>
/// What grate applied to a database, from its ScriptsRun table, and the Cutover baseline that stands for it. grate
/// writes one row per script run (<c>script_name</c>: the path under its folder; <c>one_time_script</c>: true for the
/// scripts of <c>up/</c>); on PostgreSQL the table is <c>"grate"."ScriptsRun"</c>, on SQLite, which has no schemas,
/// <c>grate_ScriptsRun</c>.
/// </summary>
public static class GrateJournal
{
    /// <summary>grate's default schema (its <c>--schema</c>).</summary>
    public const string DefaultSchema = "grate";

    /// <summary>The one-time scripts grate journaled; null when the database has no ScriptsRun table in that schema.</summary>
    /// <param name="connection">An open connection to the database grate migrated.</param>
    /// <param name="schema">grate's <c>--schema</c>; null for its default.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<JournaledScripts?> AppliedAsync(DbConnection connection, string? schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        schema ??= DefaultSchema;
        var qualified = JournalTable.Quote(schema, "--schema") + ".\"ScriptsRun\"";
        // Older grate versions made PostgreSQL's table lower-case; grate renames it on its next run, so a database not migrated since may still have it.
        var lowerCase = JournalTable.Quote(schema, "--schema") + ".\"scriptsrun\"";
        var prefixed = JournalTable.Quote(schema + "_ScriptsRun", "--schema");
        var read = await JournalTable.ReadAsync(connection,
        [
            new($"{schema}.ScriptsRun", $"SELECT script_name, one_time_script FROM {qualified} ORDER BY id"),
            new($"{schema}.scriptsrun", $"SELECT script_name, one_time_script FROM {lowerCase} ORDER BY id"),
            new($"{schema}_ScriptsRun", $"SELECT script_name, one_time_script FROM {prefixed} ORDER BY id"),
        ], cancellationToken).ConfigureAwait(false);
        return read is { } found ? new JournaledScripts(found.Table, found.Scripts) : null;
    }

    /// <summary>
    /// The imported migration to baseline at: the last <c>up/</c> script such that it and every one before it in grate's
    /// order were applied and none after it was; null when grate applied none of them.
    /// </summary>
    /// <exception cref="InvalidToolInputException">The journal and the folder disagree.</exception>
    public static ImportedScript? BaselineFor(GrateImportReport import, JournaledScripts journal)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(journal);
        // grate matches script names exactly (a dictionary of the names it ran), so Cutover does too.
        return JournalBaseline.For(journal.Table, import.Imported, journal.Scripts.Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal,
            "import the scripts folder that holds every up/ script grate ran",
            "run grate on the database first (it runs one-time scripts it has not run), then import again: a baseline would count it as applied");
    }
}
