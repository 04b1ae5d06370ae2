namespace Cutover.Importing;

/// <summary>One EF Core migration written as a Cutover migration file.</summary>
/// <param name="EfCoreId">EF Core's id (<c>yyyyMMddHHmmss_Name</c>), as <c>dotnet ef migrations list</c> gives it.</param>
/// <param name="Id">The Cutover id it got: the 14 digits of EF Core's id.</param>
/// <param name="Path">The file written.</param>
/// <param name="Reversible">Whether it has a down step; false when EF Core's Down() scripted nothing or could not be scripted.</param>
public sealed record EfCoreImportedMigration(string EfCoreId, string Id, string Path, bool Reversible);

/// <summary>What <c>cutover import efcore</c> did.</summary>
/// <param name="Imported">The migrations written, in EF Core's order.</param>
/// <param name="BaselineId">The id the database was baselined at, from its __EFMigrationsHistory; null when no baseline was set.</param>
/// <param name="BaselineEfCoreId">The EF Core migration that id stands for.</param>
public sealed record EfCoreImportReport(IReadOnlyList<EfCoreImportedMigration> Imported, string? BaselineId = null, string? BaselineEfCoreId = null);
