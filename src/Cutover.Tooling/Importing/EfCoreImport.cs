using System.Text;
using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Importing;

/// <summary>
/// Turns an EF Core project's migrations into Cutover migration files, with the EF Core tools: the project is built
/// once, <c>dotnet ef migrations list</c> names the migrations, one script of every Up() and one of every Down() are cut
/// into each migration's SQL (<see cref="EfCoreScript"/>). EF Core's ids are <c>yyyyMMddHHmmss_Name</c>: the 14 digits
/// become the Cutover id, the name the file name, so the order and the times are EF Core's.
/// </summary>
public static class EfCoreImport
{
    /// <summary>
    /// Runs the EF Core tools and plans the import into <paramref name="migrationsFolder"/>, refusing when it cannot be
    /// done (no such project, no dotnet-ef, a failed build, no migrations, a folder that already has migrations).
    /// Writes nothing: <see cref="ImportPlan{TReport}.WriteAsync"/> does.
    /// </summary>
    /// <param name="project">The project and how to build it.</param>
    /// <param name="migrationsFolder">Where the files go; it must hold no migration yet.</param>
    /// <param name="dialect">The SQL the project's EF Core provider writes, for splitting its scripts.</param>
    /// <param name="cancellationToken">Stops the EF Core tools.</param>
    /// <exception cref="InvalidToolInputException">The project cannot be imported.</exception>
    public static async Task<ImportPlan<EfCoreImportReport>> PlanAsync(EfCoreProject project, string migrationsFolder, SqlDialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(migrationsFolder);
        var projectPath = ProjectFile(project.Project, "project");
        var startupPath = project.StartupProject is null ? projectPath : ProjectFile(project.StartupProject, "startup project");
        ImportTarget.RequireEmpty(migrationsFolder);

        var tool = new EfCoreTool(project, projectPath, startupPath);
        await tool.BuildAsync(cancellationToken).ConfigureAwait(false);
        var listed = await tool.ListAsync(cancellationToken).ConfigureAwait(false);
        if (listed.Count == 0)
            throw new InvalidToolInputException($"{Path.GetFileName(projectPath)}: the project has no EF Core migrations{(project.Context is null ? "" : $" for {project.Context}")}",
                "create them with `dotnet ef migrations add <name>` (or name the DbContext that has them with --context), then import");
        var ids = listed.Select(m => CutoverId(m, projectPath)).ToList();
        for (var i = 1; i < ids.Count; i++)
        {
            if (string.CompareOrdinal(ids[i - 1], ids[i]) >= 0)
                throw new InvalidToolInputException($"{listed[i].Id}: its 14 digits are not after {listed[i - 1].Id}'s, so they cannot be its Cutover id",
                    "give it a later id (rename the migration and its [Migration] attribute), then import again");
        }

        var efIds = listed.Select(m => m.Id).ToList();
        var (upScript, upError) = await tool.ScriptAsync("0", efIds[^1], cancellationToken).ConfigureAwait(false);
        if (upScript is null)
            throw new InvalidToolInputException($"dotnet ef migrations script: EF Core could not script the migrations: {upError}",
                "run `dotnet ef migrations script` in the project to see why");
        var ups = EfCoreScript.SplitByMigration(upScript, efIds, dialect);
        var downs = await DownsAsync(tool, efIds, dialect, cancellationToken).ConfigureAwait(false);

        var imported = new List<EfCoreImportedMigration>();
        var files = new List<ImportFile>();
        for (var i = 0; i < listed.Count; i++)
        {
            var path = ImportTarget.PathFor(migrationsFolder, ids[i], listed[i].Name, i + 1);
            var (down, irreversible) = downs[i];
            imported.Add(new EfCoreImportedMigration(listed[i].Id, ids[i], path, down is not null));
            files.Add(new ImportFile(path, Render(listed[i], Path.GetFileNameWithoutExtension(projectPath), ups[i], down, irreversible)));
        }
        return new ImportPlan<EfCoreImportReport>(migrationsFolder, files, new EfCoreImportReport(imported));
    }

    /// <summary>
    /// Each migration's down SQL, or null and why there is none. One script of every Down(), newest first; when EF Core
    /// cannot script that (a Down() that throws), each migration on its own, so only the ones that fail are irreversible.
    /// </summary>
    private static async Task<List<(string? Down, string? Irreversible)>> DownsAsync(EfCoreTool tool, List<string> ids, SqlDialect dialect, CancellationToken cancellationToken)
    {
        var (all, _) = await tool.ScriptAsync(ids[^1], "0", cancellationToken).ConfigureAwait(false);
        var downs = new List<string?>();
        var reasons = new List<string?>();
        if (all is not null)
        {
            var newestFirst = EfCoreScript.SplitByMigration(all, ids.AsEnumerable().Reverse().ToList(), dialect);
            downs.AddRange(newestFirst.Reverse());
            reasons.AddRange(ids.Select(_ => (string?)null));
        }
        else
        {
            for (var i = 0; i < ids.Count; i++)
            {
                var (script, error) = await tool.ScriptAsync(ids[i], i == 0 ? "0" : ids[i - 1], cancellationToken).ConfigureAwait(false);
                downs.Add(script is null ? null : EfCoreScript.SplitByMigration(script, [ids[i]], dialect)[0]);
                reasons.Add(script is null ? $"EF Core could not script its Down(): {error}" : null);
            }
        }
        return downs.Select((down, i) => string.IsNullOrWhiteSpace(down)
            ? ((string?)null, reasons[i] ?? "EF Core's Down() of this migration does nothing")
            : (down, (string?)null)).ToList();
    }

    /// <summary>The .csproj <paramref name="path"/> names, or the one in the folder it names.</summary>
    private static string ProjectFile(string path, string role)
    {
        if (File.Exists(path))
            return Path.GetFullPath(path);
        if (Directory.Exists(path) && Directory.GetFiles(path, "*.csproj") is [var only])
            return Path.GetFullPath(only);
        throw new InvalidToolInputException(
            Directory.Exists(path) ? $"{path}: no single .csproj in this folder" : $"{path}: no such {role}",
            $"name the {role}'s .csproj file (or the folder holding it)");
    }

    private static string CutoverId(EfCoreListed migration, string projectPath)
    {
        var id = migration.Id.Length > 14 && migration.Id[14] == '_' ? migration.Id[..14] : migration.Id;
        if (!MigrationName.IsValidId(id))
            throw new InvalidToolInputException($"{Path.GetFileName(projectPath)}: migration {migration.Id} does not start with yyyyMMddHHmmss_, as `dotnet ef migrations add` names them",
                "give it such an id (its file name and [Migration] attribute), then import again");
        return id;
    }

    private static string Render(EfCoreListed migration, string project, string up, string? down, string? irreversible)
    {
        var text = new StringBuilder();
        text.Append("-- efcore: ").Append(migration.Id).Append('\n');
        text.Append("-- why: imported from EF Core, migration ").Append(migration.Name).Append(" of ").Append(project).Append('\n');
        text.Append("-- cutover:up\n").Append(string.IsNullOrWhiteSpace(up) ? "-- EF Core's Up() of this migration does nothing" : up).Append('\n');
        if (down is not null)
            text.Append("-- cutover:down\n").Append(down).Append('\n');
        else
            text.Append("-- cutover:irreversible ").Append(irreversible!.ReplaceLineEndings(" ")).Append('\n');
        return text.ToString();
    }
}
