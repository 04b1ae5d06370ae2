using Cutover.Cli.Rendering;
using Cutover.Running;

namespace Cutover.Cli.Commands;

/// <summary>What `up`, `down` and `redo` print once they have run.</summary>
internal static class RunCommands
{
    public static async Task ReportAsync(CliContext context, Migrator migrator, RunResult result, CancellationToken cancellationToken)
    {
        if (result.DryRun)
        {
            if (context.Json)
                context.WriteJson(new RunReport(result, null), CliJson.Default.RunReport);
            else
                RunOutput.WriteDryRun(context.Stdout, result);
            return;
        }
        var status = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            context.WriteJson(new RunReport(result, status), CliJson.Default.RunReport);
            return;
        }
        RunOutput.WriteRuns(context.Ansi, result);
        StatusTable.Write(context.Ansi, status);
    }
}
