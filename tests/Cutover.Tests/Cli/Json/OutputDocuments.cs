using System.Text.Json.Serialization.Metadata;
using Cutover.Cli.Rendering;

namespace Cutover.Tests.Cli.Json;

/// <summary>
/// One kind of --json document: its schema file under docs/json/, the type it prints and, for a list, the list's name.
/// A file format (<see cref="Enveloped"/> false) is written as it is, without the contract's <c>version</c> envelope.
/// </summary>
internal sealed record OutputDocument(string File, string Commands, JsonTypeInfo Type, string? ListName = null, bool Enveloped = true)
{
    public string Title => File switch
    {
        "error.schema.json" => "What any cutover command prints with --json when it fails",
        "schema-snapshot.schema.json" => "A schema snapshot: what cutover schema dump --json writes and cutover schema diff reads",
        _ => $"cutover {Commands} --json",
    };
}

/// <summary>Every --json document the CLI prints, and the schema file that describes it.</summary>
internal static class OutputDocuments
{
    public static readonly IReadOnlyList<OutputDocument> All =
    [
        new("status.schema.json", "status", CliJson.Default.StatusReport),
        new("run.schema.json", "up, down, redo, complete, abort", CliJson.Default.RunResult),
        new("history.schema.json", "history", CliJson.Default.IReadOnlyListAuditEntry, "entries"),
        new("validate.schema.json", "validate", CliJson.Default.ValidationJson),
        new("drift.schema.json", "drift", CliJson.Default.DriftReport),
        new("backfill.schema.json", "backfill status, pause, resume, cancel, run", CliJson.Default.IReadOnlyListBackfillStatus, "backfills"),
        new("rollout.schema.json", "rollout, rollout status", CliJson.Default.IReadOnlyListRolloutState, "rollouts"),
        new("check.schema.json", "check", CliJson.Default.CheckReport),
        new("rehearse.schema.json", "rehearse (also the report it keeps)", CliJson.Default.RehearsalReport),
        new("verify.schema.json", "verify", CliJson.Default.OperationVerification),
        new("archives.schema.json", "archives", CliJson.Default.IReadOnlyListArchivedMigration, "archives"),
        new("archives-purge.schema.json", "archives --purge", CliJson.Default.IReadOnlyListPurgedArchives, "purged"),
        new("init.schema.json", "init", CliJson.Default.CreatedFiles),
        new("new.schema.json", "new <name>", CliJson.Default.NewMigrationReport),
        new("new-rename.schema.json", "new --rename", CliJson.Default.RenameReport),
        new("sum.schema.json", "sum", CliJson.Default.SumUpdate),
        new("baseline.schema.json", "baseline", CliJson.Default.BaselineReport),
        new("repair.schema.json", "repair", CliJson.Default.RepairReport),
        new("schema-erd.schema.json", "schema erd", CliJson.Default.ErDiagram),
        new("schema-diff.schema.json", "schema diff", CliJson.Default.IReadOnlyListSchemaChange, "changes"),
        new("import-flyway.schema.json", "import flyway", CliJson.Default.FlywayImportReport),
        new("schema-snapshot.schema.json", "schema dump", Cutover.Schema.SchemaJson.Default.SchemaSnapshot, Enveloped: false),
        new("import-dbup.schema.json", "import dbup", CliJson.Default.DbUpImportReport),
        new("import-grate.schema.json", "import grate", CliJson.Default.GrateImportReport),
        new("import-efcore.schema.json", "import efcore", CliJson.Default.EfCoreImportReport),
        new("error.schema.json", "any command that fails", CliJson.Default.ErrorDocument),
    ];

    /// <summary>docs/json in the repository this test runs from.</summary>
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Cutover.slnx")))
                    return Path.Combine(dir.FullName, "docs", "json");
            }
            throw new InvalidOperationException("no Cutover.slnx above " + AppContext.BaseDirectory);
        }
    }

    public static OutputDocument Named(string file) => All.Single(d => d.File == file);
}
