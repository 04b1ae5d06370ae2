using System.Text;

namespace Cutover.Importing;

/// <summary>
/// Turns grate's scripts folder (its <c>--sqlfilesdirectory</c>) into Cutover migration files: each one-time script under
/// <c>up/</c> becomes a migration, in grate's order — by its path under <c>up/</c> without the extension, ignoring case —
/// and is named in grate's journal by that path with <c>/</c> separators. grate has no down scripts, so every imported
/// migration is irreversible; scripts of its anytime and everytime folders are skipped with the reason.
/// </summary>
public static class GrateImport
{
    /// <summary>
    /// Reads grate's folder and plans the import into <paramref name="migrationsFolder"/>. Writes nothing:
    /// <see cref="ImportPlan{TReport}.WriteAsync"/> does.
    /// </summary>
    /// <exception cref="InvalidToolInputException">The folder does not exist or has no <c>up/</c>, or the migrations folder already has migrations.</exception>
    public static async Task<ImportPlan<GrateImportReport>> PlanAsync(string grateFolder, string migrationsFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grateFolder);
        ArgumentNullException.ThrowIfNull(migrationsFolder);
        if (!Directory.Exists(grateFolder))
            throw new InvalidToolInputException($"{grateFolder}: no such folder", "name grate's scripts folder (its --sqlfilesdirectory), the one that holds up/");
        var root = Path.GetFullPath(grateFolder);
        var up = Directory.EnumerateDirectories(root).FirstOrDefault(d => string.Equals(Path.GetFileName(d), GrateFolders.Up, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidToolInputException($"{grateFolder}: no up/ folder",
                "name grate's scripts folder (its --sqlfilesdirectory): its one-time scripts are in up/");
        ImportTarget.RequireEmpty(migrationsFolder);

        var skipped = new List<SkippedScript>();
        var scripts = new List<(string Name, string Order, string Path)>();
        foreach (var file in Directory.EnumerateFiles(root, "*.sql", SearchOption.AllDirectories))
        {
            var relative = Slashed(Path.GetRelativePath(root, file));
            var top = relative.Split('/')[0];
            if (file.StartsWith(up + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                if (GrateFolders.SkipReasonInUp(Path.GetFileName(file)) is { } reason)
                {
                    skipped.Add(new(relative, reason));
                    continue;
                }
                var name = Slashed(Path.GetRelativePath(up, file));
                // grate orders by the folder under up/ ("." at its top) joined to the file name without its extension.
                var order = Path.Combine(Path.GetRelativePath(up, Path.GetDirectoryName(file)!), Path.GetFileNameWithoutExtension(file));
                scripts.Add((name, Slashed(order), file));
            }
            else if (top == relative)
                skipped.Add(new(relative, "not in one of grate's folders: grate does not run it either"));
            else
                skipped.Add(new(relative, GrateFolders.SkipReason(top) ?? $"{top}/ is not one of grate's default folders: grate runs it only if --folders names it; import it by hand if it must run"));
        }

        var imported = new List<ImportedScript>();
        var files = new List<ImportFile>();
        var position = 0;
        // grate compares with the current culture ignoring case; the CLI has no culture data, so ignoring case
        // character by character is the nearest: the same order for names of letters, digits and one kind of separator.
        foreach (var (name, _, path) in scripts.OrderBy(s => s.Order, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Order, StringComparer.Ordinal))
        {
            position++;
            var id = ImportTarget.SequentialId(position);
            var target = ImportTarget.PathFor(migrationsFolder, id, Description(path), position);
            var sql = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            imported.Add(new ImportedScript(name, id, target));
            files.Add(new ImportFile(target, Render(name, sql)));
        }
        skipped.Sort((a, b) => StringComparer.Ordinal.Compare(a.File, b.File));
        return new ImportPlan<GrateImportReport>(migrationsFolder, files, new GrateImportReport(imported, skipped));
    }

    private static string Slashed(string path) => path.Replace(Path.DirectorySeparatorChar, '/');

    // "0001_create_users.sql" reads better as create_users: the numbers only ordered the scripts, and the id keeps that order.
    private static string Description(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var words = name.TrimStart("0123456789 ._-".ToCharArray());
        return words.Length > 0 ? words : name;
    }

    private static string Render(string scriptName, string sql)
    {
        var text = new StringBuilder();
        text.Append("-- grate: up/").Append(scriptName).Append('\n');
        text.Append("-- why: imported from grate (one-time script up/").Append(scriptName).Append(")\n");
        text.Append("-- cutover:up\n").Append(sql.TrimEnd()).Append('\n');
        text.Append("-- cutover:irreversible grate scripts have no down step\n");
        return text.ToString();
    }
}
