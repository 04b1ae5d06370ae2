using System.CommandLine;
using Cutover.Cli.Rendering;

namespace Cutover.Cli.Commands;

internal static class DriftCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("drift", "Compare the live schema with the one the last migration run left: exit 4 on changes made outside migrations");
        command.SetAction(async (_, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var report = await migrator.DriftAsync(cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(report, CliJson.Default.DriftReport);
            }
            else if (!report.Drifted)
            {
                context.Stdout.WriteLine($"no drift: the schema matches the one recorded after {report.AfterMigration ?? "the baseline"} at {report.RecordedAt:yyyy-MM-dd HH:mm:ss}Z (fingerprint {report.ActualFingerprint[..12]})");
            }
            else
            {
                ChangesTable.Write(context.Ansi, report.Changes);
                context.Stdout.WriteLine($"drift: {report.Changes.Count} change(s) made outside migrations since {report.AfterMigration ?? "the baseline"}; " +
                    "write a migration that makes them (or undo them), then run `cutover drift` again");
            }
            return report.Drifted ? (int)ExitCode.ValidationFailed : 0;
        });
        return command;
    }
}
