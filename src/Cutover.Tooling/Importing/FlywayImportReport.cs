namespace Cutover.Importing;

/// <summary>One Flyway versioned migration written as a Cutover migration file.</summary>
/// <param name="FlywayFile">The V file.</param>
/// <param name="UndoFile">The U file that became its down step; null when there was none (the migration is irreversible).</param>
/// <param name="Version">Flyway's version, as written.</param>
/// <param name="Id">The Cutover id it got: Flyway's order, one second apart from 2000-01-01.</param>
/// <param name="Path">The file written.</param>
public sealed record ImportedMigration(string FlywayFile, string? UndoFile, string Version, string Id, string Path);

/// <summary>A file of the Flyway folder that was not imported, and why.</summary>
public sealed record SkippedScript(string File, string Reason);

/// <summary>What <c>cutover import flyway</c> did.</summary>
/// <param name="Imported">The migrations written, in Flyway's order.</param>
/// <param name="Skipped">Files not imported (repeatable scripts, Java migrations, names Flyway would not run), each with the reason.</param>
/// <param name="BaselineId">The id the database was baselined at, from its flyway_schema_history; null when no baseline was set.</param>
/// <param name="BaselineVersion">The Flyway version that id stands for.</param>
public sealed record FlywayImportReport(IReadOnlyList<ImportedMigration> Imported, IReadOnlyList<SkippedScript> Skipped, string? BaselineId = null, string? BaselineVersion = null);
