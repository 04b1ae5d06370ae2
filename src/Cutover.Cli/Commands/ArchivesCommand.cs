using System.CommandLine;
using System.Globalization;
using Cutover.Cli.Rendering;
using Cutover.Operations;
using Spectre.Console;

namespace Cutover.Cli.Commands;

/// <summary>`archives [--purge]`: the archive tables complete keeps, and dropping those whose retention window has passed.</summary>
internal static class ArchivesCommand
{
    public static Command Create(CliContext context)
    {
        var purge = new Option<bool>("--purge") { Description = "Drop the archive tables whose retention window (archiveRetentionDays) has passed" };
        var command = new Command("archives", "List the archive tables kept for `down` after complete; --purge drops the expired ones") { purge };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(purge))
                WritePurged(context, await migrator.PurgeArchivesAsync(cancellationToken).ConfigureAwait(false));
            else
                WriteKept(context, await migrator.ArchivesAsync(cancellationToken).ConfigureAwait(false));
            return 0;
        });
        return command;
    }

    private static void WriteKept(CliContext context, IReadOnlyList<ArchivedMigration> archives)
    {
        if (context.Json)
        {
            context.WriteJsonList(archives, CliJson.Default.IReadOnlyListArchivedMigration, "archives");
            return;
        }
        if (archives.Count == 0)
        {
            context.Stdout.WriteLine("no archives are kept");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("migration", "name", "archive tables", "completed (UTC)", "kept until (UTC)", "");
        foreach (var a in archives)
        {
            table.AddRow(a.MigrationId, Markup.Escape(a.Name), Markup.Escape(string.Join("\n", a.Tables)), Utc(a.CompletedAt), Utc(a.RetainUntil),
                a.Expired ? "[yellow]expired[/]" : "kept");
        }
        context.Ansi.Write(table);
        // Said once under the table rather than on every row: what "expired" means for the migration, and how to act on it.
        if (archives.Any(a => a.Expired))
            context.Stdout.WriteLine("expired: the migration can no longer be rolled back; `cutover archives --purge` drops its archive tables");
    }

    private static void WritePurged(CliContext context, IReadOnlyList<PurgedArchives> purged)
    {
        if (context.Json)
        {
            context.WriteJsonList(purged, CliJson.Default.IReadOnlyListPurgedArchives, "purged");
            return;
        }
        if (purged.Count == 0)
        {
            context.Stdout.WriteLine("nothing expired: no archive table was dropped");
            return;
        }
        foreach (var p in purged)
            context.Stdout.WriteLine($"{p.MigrationId}: dropped {string.Join(", ", p.Tables)} (kept until {Utc(p.RetainedUntil)})");
    }

    private static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
