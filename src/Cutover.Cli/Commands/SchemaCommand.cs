using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Schema;

namespace Cutover.Cli.Commands;

/// <summary>`cutover schema dump | erd | diff`: the data model, written down from the live database.</summary>
internal static class SchemaCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schema", "The schema model of the database: dump it, draw it, compare it");
        command.Subcommands.Add(Dump(context));
        command.Subcommands.Add(Erd(context));
        command.Subcommands.Add(Diff(context));
        return command;
    }

    private static Option<string?> Out() => new("--out") { Description = "Write to this file instead of stdout" };

    private static Command Dump(CliContext context)
    {
        var output = Out();
        var command = new Command("dump", "Print the canonical schema text (with --json: a snapshot for `schema diff`)") { output };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var model = await migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
            var text = context.Json ? SchemaSnapshot.Of(model).ToJson() + "\n" : SchemaText.Render(model);
            await WriteAsync(context, parsed.GetValue(output), text, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Erd(CliContext context)
    {
        var output = Out();
        var command = new Command("erd", "Draw a Mermaid ER diagram; columns that look like references but have no foreign key are flagged") { output };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
            var erd = SchemaErd.Render(await migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false));
            if (context.Json)
            {
                context.WriteJson(erd, CliJson.Default.ErDiagram);
                return 0;
            }
            foreach (var warning in erd.Warnings)
                await context.Stderr.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            await WriteAsync(context, parsed.GetValue(output), erd.Mermaid, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Diff(CliContext context)
    {
        var from = new Argument<string>("from") { Description = "A connection string, or a snapshot file from `schema dump --json`" };
        var to = new Argument<string>("to") { Description = "A connection string, or a snapshot file" };
        var command = new Command("diff", "List what changed from one schema to another") { from, to };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var before = await ReadAsync(context, parsed.GetValue(from)!, cancellationToken).ConfigureAwait(false);
            var after = await ReadAsync(context, parsed.GetValue(to)!, cancellationToken).ConfigureAwait(false);
            var changes = SchemaDiff.Compare(before, after);
            if (context.Json)
            {
                context.WriteJsonList(changes, CliJson.Default.IReadOnlyListSchemaChange, "changes");
                return 0;
            }
            if (changes.Count == 0)
            {
                context.Stdout.WriteLine("no differences");
                return 0;
            }
            ChangesTable.Write(context.Ansi, changes);
            context.Stdout.WriteLine($"{changes.Count} difference(s)");
            return 0;
        });
        return command;
    }

    /// <summary>A snapshot file when <paramref name="source"/> names one, otherwise the database it connects to.</summary>
    private static async Task<SchemaModel> ReadAsync(CliContext context, string source, CancellationToken cancellationToken)
    {
        var path = Path.Combine(context.WorkingDirectory, source);
        if (File.Exists(path) || source.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return (await SchemaSnapshot.ReadAsync(path, cancellationToken).ConfigureAwait(false)).Model;
            }
            catch (InvalidFileException e)
            {
                // Only the tool knows how such a file is made.
                throw new InvalidFileException(e.Path, e.Line, e.Problem, "write one with `cutover schema dump --json --out FILE`", e);
            }
        }
        var migrator = new Migrator(new CutoverOptions { ConnectionString = source }, ProviderFactory.For(source));
        return await migrator.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(CliContext context, string? path, string text, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            await context.Stdout.WriteAsync(text).ConfigureAwait(false);
            return;
        }
        var full = Path.Combine(context.WorkingDirectory, path);
        try
        {
            await File.WriteAllTextAsync(full, text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidToolInputException($"--out {path}: cannot write: {e.Message}", "check that the folder exists and is writable");
        }
        await context.Stderr.WriteLineAsync($"wrote {full}").ConfigureAwait(false);
    }
}
