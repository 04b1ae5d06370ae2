using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Importing;

namespace Cutover.Cli.Commands;

/// <summary>`cutover import grate &lt;folder&gt;`: grate's one-time scripts brought in as Cutover files, and its ScriptsRun table as a baseline.</summary>
internal static class ImportGrateCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "grate's scripts folder (its --sqlfilesdirectory, the one that holds up/)" };
        var schema = new Option<string>("--schema") { Description = $"grate's schema for its tables (its --schema; default {GrateJournal.DefaultSchema})" };
        var grate = new Command("grate",
            "Write each one-time script of grate's up/ folder as an irreversible Cutover migration, in grate's order, into the empty migrations folder, " +
            "with cutover.sum; anytime and everytime scripts are skipped with the reason; with --connection, baseline that database at the last up/ script its ScriptsRun table shows applied")
        { folder, schema };
        grate.SetAction(async (parsed, cancellationToken) =>
        {
            var migrations = await context.MigrationsFolderAsync(cancellationToken).ConfigureAwait(false);
            var source = Path.GetFullPath(parsed.GetValue(folder)!, context.WorkingDirectory);
            var (migrator, journal) = await ImportSteps.ReadHistoryAsync(context,
                (connection, token) => GrateJournal.AppliedAsync(connection, parsed.GetValue(schema), token), cancellationToken).ConfigureAwait(false);
            var plan = await GrateImport.PlanAsync(source, migrations, cancellationToken).ConfigureAwait(false);
            var baseline = journal is null ? null : GrateJournal.BaselineFor(plan.Report, journal);
            await ImportSteps.WriteAsync(plan, migrator, baseline?.Id, cancellationToken).ConfigureAwait(false);
            var report = plan.Report with { Journal = journal?.Table, BaselineId = baseline?.Id, BaselineScript = baseline?.Script };
            if (context.Json)
                context.WriteJson(report, CliJson.Default.GrateImportReport);
            else
                ImportedScriptsText.Write(context, "grate", report.Imported, report.Skipped, report.BaselineId, report.BaselineScript, migrator is not null, report.Journal,
                    $"grate ScriptsRun table in schema {parsed.GetValue(schema) ?? GrateJournal.DefaultSchema}");
            return 0;
        });
        return grate;
    }
}
