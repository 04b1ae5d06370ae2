using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Importing;

namespace Cutover.Cli.Commands;

/// <summary>`cutover import flyway &lt;folder&gt;`: Flyway's migrations brought in as Cutover files, and its history as a baseline.</summary>
internal static class ImportFlywayCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "Flyway's migrations folder (its V<version>__<description>.sql, U… and R__… files)" };
        var flyway = new Command("flyway",
            "Write each Flyway V file as a Cutover migration (its U file as the down step) into the empty migrations folder, with cutover.sum; " +
            "with --connection, baseline that database at the newest version its flyway_schema_history applied")
        { folder };
        flyway.SetAction(async (parsed, cancellationToken) =>
        {
            var migrations = await context.MigrationsFolderAsync(cancellationToken).ConfigureAwait(false);
            var source = Path.GetFullPath(parsed.GetValue(folder)!, context.WorkingDirectory);
            var (migrator, applied) = await ImportSteps.ReadHistoryAsync(context, FlywayHistory.AppliedAsync, cancellationToken).ConfigureAwait(false);
            var plan = await FlywayImport.PlanAsync(source, migrations, cancellationToken).ConfigureAwait(false);
            var baseline = applied is null ? null : FlywayHistory.BaselineFor(plan.Report, applied);
            await ImportSteps.WriteAsync(plan, migrator, baseline?.Id, cancellationToken).ConfigureAwait(false);
            var report = baseline is null ? plan.Report : plan.Report with { BaselineId = baseline.Id, BaselineVersion = baseline.Version };
            if (context.Json)
                context.WriteJson(report, CliJson.Default.FlywayImportReport);
            else
                Write(context, report, migrator is not null, applied is not null);
            return 0;
        });
        return flyway;
    }

    private static void Write(CliContext context, FlywayImportReport report, bool connected, bool hadHistory)
    {
        foreach (var m in report.Imported)
            context.Stdout.WriteLine($"imported {m.FlywayFile}{(m.UndoFile is null ? " (no undo: irreversible)" : $" + {m.UndoFile}")} -> {Path.GetFileName(m.Path)}");
        foreach (var s in report.Skipped)
            context.Stderr.WriteLine($"skipped {s.File}: {s.Reason}");
        context.Stdout.WriteLine($"{report.Imported.Count} migration(s) imported, {report.Skipped.Count} file(s) skipped; cutover.sum written");
        if (report.BaselineId is not null)
            context.Stdout.WriteLine($"baseline set at {report.BaselineId} (Flyway version {report.BaselineVersion}): it and the migrations before it count as applied");
        else if (connected)
            context.Stdout.WriteLine(hadHistory ? "no baseline: flyway_schema_history has applied none of these versions" : "no baseline: the database has no flyway_schema_history");
        context.Stdout.WriteLine("next: cutover check (lint the imported SQL), then cutover status");
    }
}
