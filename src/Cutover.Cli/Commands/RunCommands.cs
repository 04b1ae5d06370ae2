using Cutover.Cli.Rendering;
using Cutover.Running;

namespace Cutover.Cli.Commands;

/// <summary>What `up`, `down` and `redo` print once they have run: what ran (or would), then the status.</summary>
internal static class RunCommands
{
    public static void Report(CliContext context, RunResult result)
    {
        if (context.Json)
        {
            context.WriteJson(result, CliJson.Default.RunResult);
        }
        else if (result.DryRun)
        {
            RunOutput.WriteDryRun(context.Stdout, result);
        }
        else
        {
            RunOutput.WriteRuns(context.Ansi, result);
            StatusTable.Write(context.Ansi, result.Status, newest: RunOutput.Shown);
        }
    }
}
