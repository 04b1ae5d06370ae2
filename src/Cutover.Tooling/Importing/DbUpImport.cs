using System.Text;
using System.Text.RegularExpressions;

namespace Cutover.Importing;

/// <summary>
/// Turns a folder DbUp reads with <c>WithScriptsFromFileSystem</c> into Cutover migration files, in the order DbUp runs
/// them: each <c>.sql</c> file is a script named by its path under the folder with the separators as dots
/// (<c>0001_users.sql</c>, <c>sub.0002_roles.sql</c>), sorted by that name ordinally (DbUp's default
/// <c>ScriptNameComparer</c>). DbUp has no down scripts, so every imported migration is irreversible.
/// </summary>
public static partial class DbUpImport
{
    /// <summary>
    /// Reads the scripts of <paramref name="dbupFolder"/> (and its subfolders when <paramref name="includeSubdirectories"/>,
    /// as DbUp's <c>FileSystemScriptOptions.IncludeSubDirectories</c>) and plans the import into
    /// <paramref name="migrationsFolder"/>. Writes nothing: <see cref="ImportPlan{TReport}.WriteAsync"/> does.
    /// </summary>
    /// <exception cref="InvalidToolInputException">The folder does not exist, or the migrations folder already has migrations.</exception>
    public static async Task<ImportPlan<DbUpImportReport>> PlanAsync(string dbupFolder, string migrationsFolder, bool includeSubdirectories,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dbupFolder);
        ArgumentNullException.ThrowIfNull(migrationsFolder);
        if (!Directory.Exists(dbupFolder))
            throw new InvalidToolInputException($"{dbupFolder}: no such folder",
                "name the folder DbUp reads its scripts from (the path given to WithScriptsFromFileSystem)");
        ImportTarget.RequireEmpty(migrationsFolder);

        var root = Path.GetFullPath(dbupFolder);
        var skipped = new List<SkippedScript>();
        var scripts = new List<(string Name, string Path)>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (!file.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!includeSubdirectories && relative != Path.GetFileName(file))
            {
                skipped.Add(new(relative, "in a subfolder: DbUp's file-system provider reads only the top folder unless IncludeSubDirectories is set (then pass --include-subdirectories)"));
                continue;
            }
            scripts.Add((ScriptName(relative), file));
        }

        var imported = new List<ImportedScript>();
        var files = new List<ImportFile>();
        var position = 0;
        foreach (var (name, path) in scripts.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            position++;
            var id = ImportTarget.SequentialId(position);
            var target = ImportTarget.PathFor(migrationsFolder, id, Description(name), position);
            var sql = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            imported.Add(new ImportedScript(name, id, target));
            files.Add(new ImportFile(target, Render(name, sql)));
        }
        skipped.Sort((a, b) => StringComparer.Ordinal.Compare(a.File, b.File));
        return new ImportPlan<DbUpImportReport>(migrationsFolder, files, new DbUpImportReport(imported, skipped));
    }

    /// <summary>DbUp's name for a file: its path under the folder, directory separators turned into dots.</summary>
    internal static string ScriptName(string relativePath) =>
        relativePath.Replace(Path.DirectorySeparatorChar, '.').Replace(Path.AltDirectorySeparatorChar, '.').Trim('.');

    // "0001 - Create users.sql" reads better as create_users: the numbers were only there to order the scripts, and the id keeps that order.
    [GeneratedRegex(@"^[\d\s._-]+", RegexOptions.CultureInvariant)]
    private static partial Regex OrderingPrefix();

    private static string Description(string scriptName)
    {
        var withoutExtension = scriptName[..^".sql".Length];
        var withoutNumbers = OrderingPrefix().Replace(withoutExtension, "");
        return withoutNumbers.Length > 0 ? withoutNumbers : withoutExtension;
    }

    private static string Render(string scriptName, string sql)
    {
        var text = new StringBuilder();
        text.Append("-- dbup: ").Append(scriptName).Append('\n');
        text.Append("-- why: imported from DbUp (script ").Append(scriptName).Append(")\n");
        text.Append("-- cutover:up\n").Append(sql.TrimEnd()).Append('\n');
        text.Append("-- cutover:irreversible DbUp scripts have no down step\n");
        return text.ToString();
    }
}
