using System.Globalization;
using Cutover.Files;

namespace Cutover.Importing;

/// <summary>Where imported migrations go, and the ids and file names they get there.</summary>
internal static class ImportTarget
{
    /// <summary>The id before the first imported migration of a tool that has no timestamps of its own.</summary>
    public static readonly DateTime IdEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Refuses a migrations folder that already holds migrations.</summary>
    /// <exception cref="InvalidToolInputException">The folder has .sql files.</exception>
    public static void RequireEmpty(string migrationsFolder)
    {
        if (Directory.Exists(migrationsFolder) && Directory.EnumerateFiles(migrationsFolder, "*.sql").FirstOrDefault() is { } existing)
            throw new InvalidToolInputException($"{migrationsFolder} already has migration files (e.g. {Path.GetFileName(existing)})",
                "import into an empty migrations folder: ids of imported migrations could collide with or sort among the ones there");
    }

    /// <summary>
    /// The id of the <paramref name="position"/>th (from 1) imported migration: one second apart from 2000-01-01 00:00:01 UTC,
    /// so the tool's order is kept and every migration <c>cutover new</c> makes later sorts after them.
    /// </summary>
    public static string SequentialId(int position) =>
        IdEpoch.AddSeconds(position).ToString(MigrationName.IdFormat, CultureInfo.InvariantCulture);

    /// <summary>The file for <paramref name="id"/>, named after <paramref name="description"/> (or "imported_N" when nothing of it is usable).</summary>
    public static string PathFor(string migrationsFolder, string id, string description, int position) =>
        Path.Combine(migrationsFolder, $"{id}_{MigrationName.NormaliseSlug(description) ?? "imported_" + position.ToString(CultureInfo.InvariantCulture)}.sql");
}
