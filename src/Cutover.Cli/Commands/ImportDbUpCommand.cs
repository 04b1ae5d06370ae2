using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Importing;

namespace Cutover.Cli.Commands;

/// <summary>`cutover import dbup &lt;folder&gt;`: DbUp's scripts brought in as Cutover files, and its journal as a baseline.</summary>
internal static class ImportDbUpCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "The folder DbUp reads its .sql scripts from (WithScriptsFromFileSystem)" };
        var table = new Option<string>("--journal-table") { Description = $"DbUp's journal table, if not the default ({DbUpJournal.DefaultTable}; SchemaVersions on SQLite)" };
        var schema = new Option<string>("--journal-schema") { Description = "The journal table's schema, if not the connection's default" };
        var prefix = new Option<string>("--script-prefix") { Description = "What DbUp put before the file names in its journal when it ran the scripts as embedded resources (e.g. MyApp.Scripts.)" };
        var subdirectories = new Option<bool>("--include-subdirectories") { Description = "Read subfolders too, as DbUp does with IncludeSubDirectories (their scripts are named folder.file.sql)" };
        var dbup = new Command("dbup",
            "Write each DbUp script as an irreversible Cutover migration, in DbUp's order, into the empty migrations folder, with cutover.sum; " +
            "with --connection, baseline that database at the last script its journal shows applied")
        { folder, table, schema, prefix, subdirectories };
        dbup.SetAction(async (parsed, cancellationToken) =>
        {
            var migrations = await context.MigrationsFolderAsync(cancellationToken).ConfigureAwait(false);
            var source = Path.GetFullPath(parsed.GetValue(folder)!, context.WorkingDirectory);
            var (migrator, journal) = await ImportSteps.ReadHistoryAsync(context,
                (connection, token) => DbUpJournal.AppliedAsync(connection, parsed.GetValue(table), parsed.GetValue(schema), token), cancellationToken).ConfigureAwait(false);
            var plan = await DbUpImport.PlanAsync(source, migrations, parsed.GetValue(subdirectories), cancellationToken).ConfigureAwait(false);
            var baseline = journal is null ? null : DbUpJournal.BaselineFor(plan.Report, journal, parsed.GetValue(prefix));
            await ImportSteps.WriteAsync(plan, migrator, baseline?.Id, cancellationToken).ConfigureAwait(false);
            var report = plan.Report with { Journal = journal?.Table, BaselineId = baseline?.Id, BaselineScript = baseline?.Script };
            if (context.Json)
                context.WriteJson(report, CliJson.Default.DbUpImportReport);
            else
                ImportedScriptsText.Write(context, "DbUp", report.Imported, report.Skipped, report.BaselineId, report.BaselineScript, migrator is not null, report.Journal,
                    $"DbUp journal table ({parsed.GetValue(table) ?? "SchemaVersions"})");
            return 0;
        });
        return dbup;
    }
}
