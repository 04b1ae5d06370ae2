using System.Text;

namespace Cutover.Importing;

/// <summary>
/// Turns a Flyway folder into Cutover migration files: each <c>V&lt;version&gt;__&lt;description&gt;.sql</c> becomes
/// <c>&lt;id&gt;_&lt;description&gt;.sql</c> whose up step is its SQL and whose down step is the SQL of the
/// <c>U&lt;version&gt;__…</c> file of the same version (or an irreversible line when there is none). Ids keep Flyway's
/// order, one second apart from 2000-01-01 00:00:01 UTC: older than any migration <c>cutover new</c> will make.
/// </summary>
public static class FlywayImport
{
    /// <summary>
    /// Reads every file under <paramref name="flywayFolder"/> and plans the import into <paramref name="migrationsFolder"/>,
    /// refusing when the folder cannot be imported as it is (duplicate versions, an undo without its migration, Flyway
    /// placeholders, a migrations folder that already has migrations). Writes nothing: <see cref="ImportPlan{TReport}.WriteAsync"/> does.
    /// </summary>
    /// <exception cref="InvalidToolInputException">The folder cannot be imported.</exception>
    public static async Task<ImportPlan<FlywayImportReport>> PlanAsync(string flywayFolder, string migrationsFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flywayFolder);
        ArgumentNullException.ThrowIfNull(migrationsFolder);
        if (!Directory.Exists(flywayFolder))
            throw new InvalidToolInputException($"{flywayFolder}: no such folder",
                "name the folder that holds Flyway's V<version>__<description>.sql files (its locations setting, e.g. src/main/resources/db/migration)");
        ImportTarget.RequireEmpty(migrationsFolder);

        var (versioned, undos, skipped) = Classify(flywayFolder);
        var imported = new List<ImportedMigration>();
        var files = new List<ImportFile>();
        foreach (var (migration, position) in (await PlanFilesAsync(versioned, undos, cancellationToken).ConfigureAwait(false)).Select((m, i) => (m, i + 1)))
        {
            var id = ImportTarget.SequentialId(position);
            var path = ImportTarget.PathFor(migrationsFolder, id, migration.Up.Description, position);
            imported.Add(new ImportedMigration(migration.Up.FileName, migration.Undo?.FileName, migration.Up.Version!, id, path));
            files.Add(new ImportFile(path, Render(migration)));
        }
        return new ImportPlan<FlywayImportReport>(migrationsFolder, files, new FlywayImportReport(imported, skipped));
    }

    private sealed record PlannedImport(FlywayScript Up, string UpSql, FlywayScript? Undo, string? UndoSql);

    private static (List<FlywayScript> Versioned, List<FlywayScript> Undos, List<SkippedScript> Skipped) Classify(string folder)
    {
        var versioned = new List<FlywayScript>();
        var undos = new List<FlywayScript>();
        var skipped = new List<SkippedScript>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var extension = Path.GetExtension(file);
            if (extension is ".java" or ".kt" or ".class")
            {
                skipped.Add(new(name, "a Java-based migration: Cutover runs SQL files only; write what it does as SQL in a new migration"));
                continue;
            }
            if (extension != ".sql")
                continue;
            switch (FlywayScript.FromPath(file))
            {
                case null:
                    skipped.Add(new(name, "not Flyway's naming (V<version>__<description>.sql, U<version>__….sql or R__….sql): Flyway does not run it either"));
                    break;
                case { Kind: FlywayScriptKind.Repeatable }:
                    skipped.Add(new(name, "a repeatable script: Cutover has no repeatable scripts; when the view, function or grant it defines changes, " +
                        "write the new definition into a new migration (`cutover new`), starting from this file's text"));
                    break;
                case { Kind: FlywayScriptKind.Undo } undo:
                    undos.Add(undo);
                    break;
                case { } script:
                    versioned.Add(script);
                    break;
            }
        }
        return (versioned, undos, skipped);
    }

    private static async Task<List<PlannedImport>> PlanFilesAsync(List<FlywayScript> versioned, List<FlywayScript> undos, CancellationToken cancellationToken)
    {
        var ordered = versioned.OrderBy(v => v.VersionParts, FlywayVersionComparer.Instance).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (FlywayVersionComparer.Instance.Compare(ordered[i - 1].VersionParts, ordered[i].VersionParts) == 0)
                throw new InvalidToolInputException($"{ordered[i].Path}: version {ordered[i].Version} is also {ordered[i - 1].FileName}'s",
                    "Flyway refuses two migrations of one version too; renumber one of them before importing");
        }
        foreach (var undo in undos.Where(u => !ordered.Any(v => FlywayVersionComparer.Instance.Compare(v.VersionParts, u.VersionParts) == 0)))
            throw new InvalidToolInputException($"{undo.Path}: an undo script of version {undo.Version}, but no V{undo.Version}__….sql migration",
                "remove it, or restore the migration it undoes");

        var plan = new List<PlannedImport>();
        foreach (var up in ordered)
        {
            var undo = undos.FirstOrDefault(u => FlywayVersionComparer.Instance.Compare(u.VersionParts, up.VersionParts) == 0);
            var upSql = await ReadAsync(up, cancellationToken).ConfigureAwait(false);
            var undoSql = undo is null ? null : await ReadAsync(undo, cancellationToken).ConfigureAwait(false);
            plan.Add(new PlannedImport(up, upSql, undo, undoSql));
        }
        return plan;
    }

    /// <summary>The script's text; refused when it uses a Flyway placeholder, which only Flyway knows the value of.</summary>
    private static async Task<string> ReadAsync(FlywayScript script, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(script.Path, cancellationToken).ConfigureAwait(false);
        var at = text.IndexOf("${", StringComparison.Ordinal);
        if (at >= 0)
        {
            var line = text.AsSpan(0, at).Count('\n') + 1;
            var end = text.IndexOf('}', at);
            var placeholder = end > at ? text[at..(end + 1)] : "${…";
            throw new InvalidToolInputException($"{script.Path}:{line}: Flyway placeholder {placeholder}",
                "Cutover does not replace placeholders: write the value into the file (as Flyway would have), then import again");
        }
        return text;
    }

    private static string Render(PlannedImport migration)
    {
        var text = new StringBuilder();
        text.Append("-- flyway: ").Append(migration.Up.FileName).Append('\n');
        text.Append("-- why: imported from Flyway, version ").Append(migration.Up.Version).Append(" (").Append(migration.Up.Description.Replace('_', ' ')).Append(")\n");
        text.Append("-- cutover:up\n").Append(migration.UpSql.TrimEnd()).Append('\n');
        if (migration.UndoSql is { } undo && !string.IsNullOrWhiteSpace(undo))
            text.Append("-- cutover:down\n").Append(undo.TrimEnd()).Append('\n');
        else
            text.Append("-- cutover:irreversible Flyway had no undo script (U").Append(migration.Up.Version).Append("__….sql) for it\n");
        return text.ToString();
    }
}
