namespace Cutover.Importing;

/// <summary>What <c>cutover import grate</c> did.</summary>
/// <param name="Imported">The one-time scripts of <c>up/</c> written as migrations, in grate's order.</param>
/// <param name="Skipped">Files not imported (anytime and everytime scripts, environment scripts, files outside grate's folders), each with the reason.</param>
/// <param name="Journal">The ScriptsRun table read; null without a connection, or when the database had none.</param>
/// <param name="BaselineId">The id the database was baselined at; null when no baseline was set.</param>
/// <param name="BaselineScript">The grate script (its path under <c>up/</c>) that id stands for.</param>
public sealed record GrateImportReport(IReadOnlyList<ImportedScript> Imported, IReadOnlyList<SkippedScript> Skipped,
    string? Journal = null, string? BaselineId = null, string? BaselineScript = null);
