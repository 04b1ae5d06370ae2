using Cutover.Sql;

namespace Cutover.Files;

/// <summary>Loads every migration file of a folder.</summary>
public static class MigrationFolder
{
    /// <summary>
    /// Parses every <c>*.sql</c> file in <paramref name="folder"/> (not sub-folders; other extensions such as
    /// <c>cutover.sum</c> are ignored), ordered by id. The first malformed file, in name order, is thrown
    /// as bad input; so is a second file with an id already taken.
    /// </summary>
    public static async Task<IReadOnlyList<MigrationFile>> LoadAsync(string folder, SqlDialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
            throw CutoverException.BadInput($"{folder}: migrations folder not found", "run `cutover init`, or set \"migrations\" in cutover.json");

        var paths = Directory.GetFiles(folder, "*.sql").OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();
        var files = new List<MigrationFile>(paths.Count);
        var byId = new Dictionary<string, MigrationFile>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var file = await MigrationFileParser.ParseFileAsync(path, dialect, cancellationToken).ConfigureAwait(false);
            if (byId.TryGetValue(file.Id, out var other))
                throw CutoverException.BadInput($"{path}:1: duplicate migration id {file.Id} (also {other.FileName})", "give one of them a new id: `cutover new <name>` and move its SQL");
            byId.Add(file.Id, file);
            files.Add(file);
        }
        return files;
    }
}
