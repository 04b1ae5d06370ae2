using System.CommandLine;
using Cutover.Cli.Rendering;
using Cutover.Importing;
using Cutover.Sql;

namespace Cutover.Cli.Commands;

/// <summary>`cutover import efcore &lt;project&gt;`: an EF Core project's migrations brought in as Cutover files, its __EFMigrationsHistory as a baseline.</summary>
internal static class ImportEfCoreCommand
{
    public static Command Create(CliContext context)
    {
        var project = new Argument<string>("project") { Description = "The project that holds the EF Core migrations (its .csproj, or the folder holding it)" };
        var startup = new Option<string?>("--startup-project") { Description = "The project dotnet ef builds and runs to create the DbContext (default: the project)" };
        var dbContext = new Option<string?>("--context") { Description = "The DbContext whose migrations to import, when the project has several" };
        var configuration = new Option<string>("--configuration") { Description = "The build configuration", DefaultValueFactory = _ => "Debug" };
        configuration.AcceptOnlyFromAmong("Debug", "Release");
        var efcore = new Command("efcore",
            "Write each EF Core migration as a Cutover migration (its Up() and Down() scripted by dotnet ef, without EF Core's history table and transactions) " +
            "into the empty migrations folder, with cutover.sum; with --connection, baseline that database at the newest migration its __EFMigrationsHistory applied")
        { project, startup, dbContext, configuration };
        efcore.SetAction(async (parsed, cancellationToken) =>
        {
            var migrations = await context.MigrationsFolderAsync(cancellationToken).ConfigureAwait(false);
            var request = new EfCoreProject(
                Path.GetFullPath(parsed.GetValue(project)!, context.WorkingDirectory),
                parsed.GetValue(startup) is { } s ? Path.GetFullPath(s, context.WorkingDirectory) : null,
                parsed.GetValue(dbContext),
                parsed.GetValue(configuration)!);
            var (migrator, applied) = await ImportSteps.ReadHistoryAsync(context, EfCoreHistory.AppliedAsync, cancellationToken).ConfigureAwait(false);
            // The scripts are split by the lexical rules of the engine they are for: the database's, when one is known.
            var connection = migrator?.Options.ConnectionString ?? await context.ConnectionAsync(cancellationToken).ConfigureAwait(false);
            var dialect = connection is null ? SqlDialect.Sqlite : ProviderFactory.For(connection).Dialect;
            var plan = await EfCoreImport.PlanAsync(request, migrations, dialect, cancellationToken).ConfigureAwait(false);
            var baseline = applied is null ? null : EfCoreHistory.BaselineFor(plan.Report, applied);
            await ImportSteps.WriteAsync(plan, migrator, baseline?.Id, cancellationToken).ConfigureAwait(false);
            var report = baseline is null ? plan.Report : plan.Report with { BaselineId = baseline.Id, BaselineEfCoreId = baseline.EfCoreId };
            if (context.Json)
                context.WriteJson(report, CliJson.Default.EfCoreImportReport);
            else
                Write(context, report, migrator is not null, applied is not null);
            return 0;
        });
        return efcore;
    }

    private static void Write(CliContext context, EfCoreImportReport report, bool connected, bool hadHistory)
    {
        foreach (var m in report.Imported)
            context.Stdout.WriteLine($"imported {m.EfCoreId} -> {Path.GetFileName(m.Path)}{(m.Reversible ? "" : " (no down: irreversible)")}");
        context.Stdout.WriteLine($"{report.Imported.Count} migration(s) imported; cutover.sum written");
        if (report.BaselineId is not null)
            context.Stdout.WriteLine($"baseline set at {report.BaselineId} (EF Core migration {report.BaselineEfCoreId}): it and the migrations before it count as applied");
        else if (connected)
            context.Stdout.WriteLine(hadHistory ? $"no baseline: {EfCoreHistory.Table} has applied none of these migrations" : $"no baseline: the database has no {EfCoreHistory.Table}");
        context.Stdout.WriteLine("next: cutover check (lint the imported SQL), then cutover status; from now on add migrations with cutover new, not dotnet ef migrations add");
    }
}
