using System.CommandLine;
using Cutover.Cli.Rendering;
using Spectre.Console;

namespace Cutover.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("validate", "Check files against the history: exit 4 on edited, missing, failed or out-of-order migrations");
        command.SetAction(async (_, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var report = await migrator.ValidateAsync(cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(new ValidationJson(report.Issues.Select(i => new ValidationIssueJson(i.Id, i.Subject, i.Problem, i.Conflict, ErrorAdvice.HintFor(i.Conflict))).ToList()),
                    CliJson.Default.ValidationJson);
            }
            else if (report.IsValid)
            {
                var status = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
                context.Stdout.WriteLine($"valid: {status.Migrations.Count} migration(s) checked");
            }
            else
            {
                foreach (var issue in report.Issues)
                {
                    context.Ansi.MarkupLine($"[red]{Markup.Escape(issue.Subject)}[/]: {Markup.Escape(issue.Problem)}");
                    context.Ansi.MarkupLine($"  [grey]hint: {Markup.Escape(ErrorAdvice.HintFor(issue.Conflict))}[/]");
                }
                context.Stdout.WriteLine($"{report.Issues.Count} problem(s)");
            }
            return report.IsValid ? 0 : (int)ExitCode.ValidationFailed;
        });
        return command;
    }
}
