using Cutover.Sql;

namespace Cutover.Files;

/// <summary>Loads the migrations folder: every <c>*.sql</c> file in it, parsed and ordered by id.</summary>
internal static class MigrationFolder
{
    /// <summary>
    /// Parses every <c>*.sql</c> file directly in <paramref name="folder"/> (not in sub-folders; other
    /// files such as <c>cutover.sum</c> are ignored; a directory named <c>*.sql</c> is bad input) and returns them sorted by id. Files are read in
    /// file-name order and the first problem is thrown, so the same folder always gives the same error.
    /// </summary>
    /// <exception cref="CutoverException">The folder is missing, a file is malformed, or two files share an id (bad input).</exception>
    public static async Task<IReadOnlyList<MigrationFile>> LoadAsync(string folder, SqlDialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOptionException(nameof(CutoverOptions.MigrationsFolder), folder, "migrations folder not found");
        }

        // Case-insensitive so that "x.SQL" is reported as a bad name rather than silently skipped.
        var options = new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive, RecurseSubdirectories = false };

        // A directory named like a migration (an unzipped archive, a mistaken mkdir) would otherwise be skipped
        // without a word, and the migration it was meant to be would silently not run.
        if (Directory.EnumerateDirectories(folder, "*.sql", options).Order(StringComparer.Ordinal).FirstOrDefault() is { } directory)
        {
            throw new InvalidFileException(directory, null, "a directory named like a migration file", "migrations are files: rename the directory or move it out of the migrations folder");
        }
        var paths = Directory.EnumerateFiles(folder, "*.sql", options)
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();

        // Parse on every core (the start-up time of every run grows with the folder), then report in
        // name order so the same folder always gives the same first error.
        var parsed = new MigrationFile?[paths.Count];
        var errors = new CutoverException?[paths.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count),
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, token) =>
            {
                try
                {
                    parsed[i] = await MigrationFileParser.ParseFileAsync(paths[i], dialect, token).ConfigureAwait(false);
                }
                catch (CutoverException e)
                {
                    errors[i] = e;
                }
            }).ConfigureAwait(false);

        var files = new List<MigrationFile>(paths.Count);
        var byId = new Dictionary<string, MigrationFile>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            var file = parsed[i] ?? throw errors[i]!;
            if (byId.TryGetValue(file.Id, out var first))
            {
                throw new InvalidMigrationNameException(paths[i], $"duplicate migration id {file.Id} (also {first.FileName})", first.Path, "give one of them a new timestamp");
            }
            byId.Add(file.Id, file);
            files.Add(file);
        }

        // The id is the name's prefix, so name order is id order; sorting again states the contract.
        return files.OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
    }
}
