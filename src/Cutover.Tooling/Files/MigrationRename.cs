using System.Globalization;

namespace Cutover.Files;

/// <summary>Where <see cref="MigrationRename.ToNewId"/> moved a migration.</summary>
/// <param name="OldPath">The full path it had.</param>
/// <param name="NewPath">The full path it has now.</param>
public sealed record RenamedMigration(string OldPath, string NewPath);

/// <summary>
/// Gives an existing migration a new id, keeping its name and content: the fix when a branch's migration
/// is older than one merged in the meantime (the <c>older-than-base</c> and <c>duplicate-id</c> findings).
/// </summary>
public static class MigrationRename
{
    /// <summary>
    /// Renames the migration <paramref name="fileOrId"/> (a file name, a path in <paramref name="folder"/>, or a
    /// 14-digit id) to <c>&lt;new id&gt;_&lt;same name&gt;.sql</c>, where the new id is <paramref name="utcNow"/> to the
    /// second, or one second after the newest id in the folder when the clock is not ahead of it, so the
    /// migration sorts after every other. Returns the old and new paths.
    /// </summary>
    /// <exception cref="CutoverException">No such folder or migration, an id two files share, or a path outside the folder (bad input).</exception>
    public static RenamedMigration ToNewId(string folder, string fileOrId, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(fileOrId);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new InvalidOptionException(nameof(CutoverOptions.MigrationsFolder), full, "migrations folder not found");
        }
        var oldPath = Find(full, fileOrId.Trim());
        var (_, slug) = MigrationName.ParseFileName(oldPath);

        var time = utcNow.Kind == DateTimeKind.Local ? utcNow.ToUniversalTime() : utcNow;
        var id = time.ToString(MigrationName.IdFormat, CultureInfo.InvariantCulture);
        var newest = Ids(full).Max(StringComparer.Ordinal);
        if (newest is not null && string.CompareOrdinal(id, newest) <= 0)
        {
            // The clock is behind the newest id (another machine's clock, or a rename in the same second).
            id = ParseId(newest).AddSeconds(1).ToString(MigrationName.IdFormat, CultureInfo.InvariantCulture);
        }

        var newPath = Path.Combine(full, $"{id}_{slug}.sql");
        File.Move(oldPath, newPath, overwrite: false);
        return new RenamedMigration(oldPath, newPath);
    }

    private static string Find(string folder, string fileOrId)
    {
        if (fileOrId.Length == 14 && fileOrId.All(char.IsAsciiDigit))
        {
            var matches = Directory.EnumerateFiles(folder, fileOrId + "_*.sql")
                .Where(p => MigrationName.TryParseFileName(p, out _, out _))
                .Order(StringComparer.Ordinal)
                .ToList();
            return matches.Count switch
            {
                1 => matches[0],
                0 => throw new InvalidToolInputException($"{folder}: no migration with id {fileOrId}", "pass a file name from the folder, or an id `cutover status` lists"),
                _ => throw new InvalidToolInputException(
                    $"{folder}: {matches.Count} migrations have id {fileOrId}: {string.Join(", ", matches.Select(Path.GetFileName))}",
                    "pass the file name of the one to rename"),
            };
        }

        var path = Path.GetFullPath(Path.IsPathRooted(fileOrId) || fileOrId.IndexOfAny(['/', '\\']) >= 0 ? fileOrId : Path.Combine(folder, fileOrId));
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (!string.Equals(Path.GetDirectoryName(path), folder, comparison))
        {
            throw new InvalidToolInputException($"{path}: not in the migrations folder {folder}", "pass a file from the migrations folder");
        }
        if (!File.Exists(path))
        {
            throw new InvalidToolInputException($"{path}: no such migration file", "pass a file name from the folder, or its 14-digit id");
        }
        return path;
    }

    private static IEnumerable<string> Ids(string folder) =>
        Directory.EnumerateFiles(folder, "*.sql")
            .Select(p => MigrationName.TryParseFileName(p, out var id, out _) ? id : null)
            .OfType<string>();

    private static DateTime ParseId(string id) =>
        DateTime.ParseExact(id, MigrationName.IdFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
