using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Rehearsal;
using Cutover.Running;

namespace Cutover.Cli.Commands;

internal static class RehearseCommand
{
    public static Command Create(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "The database to rehearse on a copy of (default: the configured connection); it is never written to" };
        var into = new Option<string>("--into") { Description = "Where the copy goes: a PostgreSQL server connection, or a folder for SQLite (default: beside the source)" };
        var keep = new Option<bool>("--keep") { Description = "Keep the copy afterwards instead of dropping it" };
        var contracts = new Option<string>("--contracts") { Description = "Folder of contract queries (default: contracts beside the migrations folder)" };
        var docs = new Option<string>("--docs") { Description = "Folder for the one-pager of each migration (default: docs/migrations beside the migrations folder)" };
        var strictColumnOrder = new Option<bool>("--strict-column-order")
        {
            Description = "Fail the rollback drill when columns come back in another order (by default a warning: a re-added column goes last)",
        };
        var command = new Command("rehearse", "Apply the pending migrations to a copy of real data, drill their rollback, and write a one-pager for each")
        {
            from, into, keep, contracts, docs, strictColumnOrder,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(parsed.GetValue(from), cancellationToken).ConfigureAwait(false);
            var options = await context.OptionsAsync(parsed.GetValue(from), cancellationToken).ConfigureAwait(false);
            var progress = new SyncProgress<RunEvent>(e =>
            {
                if (e is RehearsalNote note)
                    context.Stderr.WriteLine($"rehearse: {note.Message}");
            });
            var contractsFolder = parsed.GetValue(contracts) is { } c ? Path.GetFullPath(Path.Combine(context.WorkingDirectory, c)) : null;
            var rehearsal = new RehearsalOptions(options.ConnectionString, parsed.GetValue(into), parsed.GetValue(keep), contractsFolder,
                StrictColumnOrder: parsed.GetValue(strictColumnOrder));
            var report = await migrator.RehearseAsync(rehearsal, ProviderFactory.LintFor(migrator.Provider.Dialect).Engine, progress, cancellationToken).ConfigureAwait(false);

            var folder = DocsFolder(context, parsed.GetValue(docs), options.MigrationsFolder);
            var written = new List<string>();
            if (report.Migrations.Count > 0)
            {
                Directory.CreateDirectory(folder);
                foreach (var migration in report.Migrations)
                {
                    var path = RehearsalDocs.OnePagerPath(folder, migration.Id);
                    await File.WriteAllTextAsync(path, RehearsalMarkdown.OnePager(report, migration), cancellationToken).ConfigureAwait(false);
                    written.Add(path);
                }
            }
            // The run is kept as well as printed, so its report outlives the terminal (the dashboard lists them).
            var summary = RehearsalMarkdown.Summary(report);
            var json = JsonContract.Object(report, CliJson.Default.RehearsalReport);
            written.Add(await RehearsalDocs.WriteReportAsync(folder, report.RehearsedAt, summary, json, cancellationToken).ConfigureAwait(false));
            if (context.Json)
                context.Stdout.WriteLine(json);
            else
            {
                context.Stdout.Write(summary);
                foreach (var path in written)
                    context.Stdout.WriteLine($"\nwrote {Path.GetRelativePath(context.WorkingDirectory, path)}");
            }
            return report.Passed ? 0 : (int)ExitCode.Failed;
        });
        return command;
    }

    /// <summary>Where the one-pagers and reports go: --docs (relative to the working directory), else docs/migrations beside the migrations folder.</summary>
    public static string DocsFolder(CliContext context, string? given, string migrationsFolder) =>
        given is not null ? Path.GetFullPath(Path.Combine(context.WorkingDirectory, given)) : RehearsalDocs.DefaultFolder(migrationsFolder);
}
