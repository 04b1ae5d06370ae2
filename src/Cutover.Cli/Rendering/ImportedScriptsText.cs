using Cutover.Importing;

namespace Cutover.Cli.Rendering;

/// <summary>The text report of an import from a tool that journals scripts by name (DbUp, grate): one shape, so one renderer.</summary>
internal static class ImportedScriptsText
{
    /// <param name="context">Where to write.</param>
    /// <param name="tool">The tool, as the lines name it.</param>
    /// <param name="imported">The migrations written.</param>
    /// <param name="skipped">The files not imported.</param>
    /// <param name="baselineId">The baseline set, if any.</param>
    /// <param name="baselineScript">The script it stands for.</param>
    /// <param name="connected">Whether --connection was given (so "no baseline" needs saying).</param>
    /// <param name="journal">The journal table read; null when the database had none.</param>
    /// <param name="expectedJournal">The table looked for, for the line that says it was not there.</param>
    public static void Write(CliContext context, string tool, IReadOnlyList<ImportedScript> imported, IReadOnlyList<SkippedScript> skipped,
        string? baselineId, string? baselineScript, bool connected, string? journal, string expectedJournal)
    {
        foreach (var m in imported)
            context.Stdout.WriteLine($"imported {m.Script} (irreversible: {tool} has no down scripts) -> {Path.GetFileName(m.Path)}");
        foreach (var s in skipped)
            context.Stderr.WriteLine($"skipped {s.File}: {s.Reason}");
        context.Stdout.WriteLine($"{imported.Count} migration(s) imported, {skipped.Count} file(s) skipped; cutover.sum written");
        if (baselineId is not null)
            context.Stdout.WriteLine($"baseline set at {baselineId} ({tool} script {baselineScript}, from {journal}): it and the migrations before it count as applied");
        else if (connected)
            context.Stdout.WriteLine(journal is null
                ? $"no baseline: the database has no {expectedJournal}"
                : $"no baseline: {journal} records none of these scripts as applied");
        context.Stdout.WriteLine("next: cutover check (lint the imported SQL), then cutover status");
    }
}
