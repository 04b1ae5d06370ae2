using System.CommandLine;
using System.Globalization;
using Cutover.Cli.Rendering;
using Cutover.Rollouts;
using Spectre.Console;

namespace Cutover.Cli.Commands;

/// <summary>
/// `rollout &lt;id&gt; [--percent N] [--users a,b] [--groups g=N,…]` and `rollout status`: who gets the new shape of an
/// expanded operation migration.
/// </summary>
internal static class RolloutCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string?>("id") { Description = "The expanded migration to roll out (its 14-digit id)", Arity = ArgumentArity.ZeroOrOne };
        var percent = WholeNumberOption.Create("--percent", "The share of all other users who get the new shape, 0 to 100");
        var users = new Option<string?>("--users") { Description = "Users who always get the new shape, comma-separated (empty: none)" };
        var groups = new Option<string?>("--groups") { Description = "Groups and the share of each that gets it: beta=100,staff=50 (a group alone means 100; empty: none)" };
        var command = new Command("rollout", "Steer who gets the new shape of an expanded operation migration; `rollout status` shows every rollout") { id, percent, users, groups };
        var status = new Command("status", "Every rollout: percentage, users, groups, since when at 100%");
        status.SetAction(async (_, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            Write(context, await migrator.RolloutsAsync(cancellationToken).ConfigureAwait(false));
            return 0;
        });
        command.Subcommands.Add(status);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = parsed.GetValue(id) ?? throw new InvalidOptionException("id", null, "is missing", remedy: "name the migration to roll out, or run `cutover rollout status`");
            var change = new RolloutChange
            {
                Percent = parsed.GetValue(percent),
                Users = parsed.GetValue(users) is { } u ? Split(u) : null,
                Groups = parsed.GetValue(groups) is { } g ? Split(g).Select(Group).ToList() : null,
            };
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            Write(context, [await migrator.RolloutAsync(target, change, cancellationToken).ConfigureAwait(false)]);
            return 0;
        });
        return command;
    }

    private static List<string> Split(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static RolloutGroup Group(string text)
    {
        var at = text.LastIndexOf('=');
        if (at < 0)
            return new RolloutGroup(text, 100);
        if (!int.TryParse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var share))
            throw new InvalidOptionException("--groups", text, "is not <group>=<percentage>", "beta=100");
        return new RolloutGroup(text[..at].Trim(), share);
    }

    private static void Write(CliContext context, IReadOnlyList<RolloutState> rollouts)
    {
        if (context.Json)
        {
            context.WriteJsonList(rollouts, CliJson.Default.IReadOnlyListRolloutState, "rollouts");
            return;
        }
        if (rollouts.Count == 0)
        {
            context.Stdout.WriteLine("no rollouts");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("migration", "flag", "percent", "users", "groups", "at 100% since (UTC)", "changed (UTC)", "by");
        foreach (var r in rollouts)
        {
            table.AddRow(r.MigrationId, Markup.Escape(r.Flag), r.Percent.ToString(CultureInfo.InvariantCulture) + "%", Markup.Escape(string.Join(", ", r.Users)),
                Markup.Escape(string.Join(", ", r.Groups.Select(g => $"{g.Name} {g.Percent}%"))), r.FullSince is { } full ? Utc(full) : "",
                Utc(r.UpdatedAt), Markup.Escape(r.UpdatedBy));
        }
        context.Ansi.Write(table);
    }

    private static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
