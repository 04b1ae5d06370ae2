namespace Cutover.Importing;

/// <summary>
/// The baseline that stands for a journal of script names (DbUp's SchemaVersions, grate's ScriptsRun): the imported
/// migration of the last script such that every script up to it was applied and none after it was. The same rule for
/// every tool that records what ran by name, so it is decided once here; each tool reads its own journal.
/// </summary>
internal static class JournalBaseline
{
    /// <summary>
    /// The migration to baseline at, or null when the journal names none of the scripts.
    /// </summary>
    /// <param name="journal">The journal table, as messages name it.</param>
    /// <param name="imported">The imported scripts, in the tool's order.</param>
    /// <param name="applied">The script names the journal records.</param>
    /// <param name="names">How the tool compares script names (DbUp: ordinal; grate: ignoring case).</param>
    /// <param name="missingHint">What to do when the journal names a script the folder does not have.</param>
    /// <param name="gapHint">What to do when a script ordered before an applied one was never applied.</param>
    /// <exception cref="InvalidToolInputException">The journal and the folder disagree: a baseline would count the wrong scripts as applied.</exception>
    public static ImportedScript? For(string journal, IReadOnlyList<ImportedScript> imported, IReadOnlyCollection<string> applied,
        StringComparer names, string missingHint, string gapHint)
    {
        var inFolder = new HashSet<string>(imported.Select(s => s.Script), names);
        // In journal order, so the first one the folder lacks is the one named.
        foreach (var name in applied.Where(n => !inFolder.Contains(n)))
            throw new InvalidToolInputException($"{journal}: script {name} was applied, but the folder has no such script", missingHint);

        var wasApplied = new HashSet<string>(applied, names);
        var last = -1;
        for (var i = 0; i < imported.Count; i++)
        {
            if (wasApplied.Contains(imported[i].Script))
                last = i;
        }
        for (var i = 0; i < last; i++)
        {
            if (!wasApplied.Contains(imported[i].Script))
                throw new InvalidToolInputException(
                    $"{journal}: script {imported[i].Script} comes before {imported[last].Script}, which was applied, but was never applied itself", gapHint);
        }
        return last < 0 ? null : imported[last];
    }
}
