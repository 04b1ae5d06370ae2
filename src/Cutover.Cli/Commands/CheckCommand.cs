using System.CommandLine;
using Cutover.Checking;
using Cutover.Checking.Lint;
using Cutover.Cli.Rendering;
using Cutover.Sql;
using Cutover.Sqlite;

namespace Cutover.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var baseRef = new Option<string>("--base") { Description = "A git ref (e.g. origin/main): migrations there must not change here, and new ones must be newer" };
        var dialect = new Option<string>("--dialect") { Description = "postgres or sqlite (default: the engine of the configured connection)" };
        dialect.AcceptOnlyFromAmong("postgres", "sqlite");
        var sqliteVersion = new Option<string>("--sqlite-version") { Description = "Judge SQLite statements for this version, e.g. 3.40 (default: the bundled one)" };
        var format = new Option<string>("--format") { Description = "text (default), github (workflow annotations on the pull request) or sarif (SARIF 2.1.0 for code scanning)",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "github", "sarif");
        var strict = new Option<bool>("--strict") { Description = "Fail on warnings too" };
        var command = new Command("check", "Check the migrations before merge: the integrity file, the base branch, and a lint that knows the locks (no database needed)")
        {
            baseRef, dialect, sqliteVersion, format, strict,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var lint = await LintOptionsAsync(context, parsed.GetValue(dialect), parsed.GetValue(sqliteVersion), cancellationToken).ConfigureAwait(false);
            var folder = await context.MigrationsFolderAsync(cancellationToken).ConfigureAwait(false);
            var report = await MigrationCheck.RunAsync(new CheckOptions(folder, lint, parsed.GetValue(baseRef)), cancellationToken).ConfigureAwait(false);
            var isStrict = parsed.GetValue(strict);
            if (context.Json)
                context.WriteJson(report, CliJson.Default.CheckReport);
            else if (parsed.GetValue(format) == "sarif")
                SarifOutput.Write(context.Stdout, report, lint.Engine, context.WorkingDirectory, isStrict);
            else if (parsed.GetValue(format) == "github")
                CheckOutput.WriteGitHub(context.Stdout, report, context.WorkingDirectory, isStrict);
            else
                CheckOutput.WriteText(context.Stdout, report, context.WorkingDirectory, isStrict);
            return report.Fails(isStrict) ? (int)ExitCode.Failed : 0;
        });
        return command;
    }

    /// <summary>The engine from --dialect, else from the configured connection; the SQLite version from the option, else the bundled library.</summary>
    private static async Task<LintOptions> LintOptionsAsync(CliContext context, string? dialectOption, string? versionOption, CancellationToken cancellationToken)
    {
        SqlDialect dialect;
        if (dialectOption is not null)
            dialect = dialectOption == "postgres" ? SqlDialect.Postgres : SqlDialect.Sqlite;
        else if (await context.ConnectionAsync(cancellationToken).ConfigureAwait(false) is { } connection)
            dialect = ProviderFactory.For(connection).Dialect;
        else
            throw new InvalidToolInputException("check: which engine? no --dialect and no connection configured",
                "pass --dialect postgres or --dialect sqlite (or set \"connection\" in cutover.json)");

        Version? version = null;
        if (versionOption is not null)
        {
            if (!Version.TryParse(versionOption, out version) || version.Major != 3)
                throw new InvalidToolInputException($"--sqlite-version {versionOption}: not a SQLite 3 version", "write it like 3.40 or 3.53.4");
        }
        else if (dialect == SqlDialect.Sqlite)
            version = await SqliteProvider.LibraryVersionAsync(cancellationToken).ConfigureAwait(false);
        return ProviderFactory.LintFor(dialect, version);
    }
}
