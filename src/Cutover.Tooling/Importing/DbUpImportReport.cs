namespace Cutover.Importing;

/// <summary>What <c>cutover import dbup</c> did.</summary>
/// <param name="Imported">The migrations written, in DbUp's order.</param>
/// <param name="Skipped">Files not imported, each with the reason.</param>
/// <param name="Journal">The journal table read; null without a connection, or when the database had none.</param>
/// <param name="BaselineId">The id the database was baselined at; null when no baseline was set.</param>
/// <param name="BaselineScript">The DbUp script that id stands for.</param>
public sealed record DbUpImportReport(IReadOnlyList<ImportedScript> Imported, IReadOnlyList<SkippedScript> Skipped,
    string? Journal = null, string? BaselineId = null, string? BaselineScript = null);
