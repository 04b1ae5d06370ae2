using System.Text.Json.Serialization;
using Cutover.Checking;
using Cutover.History;
using Cutover.Running;
using Cutover.Schema;

namespace Cutover.Cli.Rendering;

/// <summary>A file-only command's result (init, new).</summary>
internal sealed record CreatedFiles(IReadOnlyList<string> Created);

/// <summary>What `new &lt;name&gt;` created, and the refreshed cutover.sum.</summary>
internal sealed record NewMigrationReport(IReadOnlyList<string> Created, SumUpdate Sum);

/// <summary>Where `new --rename` moved a migration, and the refreshed cutover.sum.</summary>
internal sealed record RenameReport(string From, string To, SumUpdate Sum);

/// <summary>Where `baseline` put the marker.</summary>
internal sealed record BaselineReport(string Baseline);

/// <summary>What `repair` did.</summary>
internal sealed record RepairReport(IReadOnlyList<string> Actions);

/// <summary>What `validate` found, each problem with the command that addresses it.</summary>
internal sealed record ValidationJson(IReadOnlyList<ValidationIssueJson> Issues)
{
    public bool IsValid => Issues.Count == 0;
}

/// <summary>One problem `validate` found.</summary>
internal sealed record ValidationIssueJson(string Id, string Subject, string Problem, MigrationConflict Conflict, string Hint);

/// <summary>
/// Source-generated JSON for everything the CLI prints with --json (Native AOT needs no reflection). Property names
/// and enum values are camelCase: every enum of the output is listed under Converters (a test finds any that is
/// not); <see cref="JsonContract"/> adds the version and writes non-ASCII as is.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(CamelCaseEnum<MigrationState>), typeof(CamelCaseEnum<Direction>), typeof(CamelCaseEnum<Cutover.Files.StepKind>),
        typeof(CamelCaseEnum<Severity>), typeof(CamelCaseEnum<SchemaChangeKind>), typeof(CamelCaseEnum<Cutover.Sql.ConstraintKind>),
        typeof(CamelCaseEnum<StoredType>), typeof(CamelCaseEnum<Cutover.Sql.StatementKind>), typeof(CamelCaseEnum<Cutover.Sql.SqlDialect>),
        typeof(CamelCaseEnum<Cutover.Rehearsal.Audit.AuditOutcome>), typeof(CamelCaseEnum<Cutover.Rehearsal.Contracts.RowCountOperator>),
        typeof(CamelCaseEnum<ErdColumns>), typeof(CamelCaseEnum<Cutover.Rollouts.ShapeWindow>), typeof(CamelCaseEnum<MigrationConflict>),
        typeof(CamelCaseEnum<BackfillProblem>), typeof(CamelCaseEnum<ErrorCode>),
    ])]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(Cutover.Checking.CheckReport))]
[JsonSerializable(typeof(Cutover.Rehearsal.RehearsalReport))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(RunResult))]
[JsonSerializable(typeof(Cutover.Operations.OperationVerification))]
[JsonSerializable(typeof(IReadOnlyList<Cutover.Operations.ArchivedMigration>))]
[JsonSerializable(typeof(IReadOnlyList<Cutover.Operations.PurgedArchives>))]
[JsonSerializable(typeof(IReadOnlyList<Cutover.Rollouts.RolloutState>))]
[JsonSerializable(typeof(ErDiagram))]
[JsonSerializable(typeof(DriftReport))]
[JsonSerializable(typeof(IReadOnlyList<SchemaChange>))]
[JsonSerializable(typeof(ValidationJson))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(CreatedFiles))]
[JsonSerializable(typeof(NewMigrationReport))]
[JsonSerializable(typeof(RenameReport))]
[JsonSerializable(typeof(SumUpdate))]
[JsonSerializable(typeof(Cutover.Importing.FlywayImportReport))]
[JsonSerializable(typeof(Cutover.Importing.DbUpImportReport))]
[JsonSerializable(typeof(Cutover.Importing.GrateImportReport))]
[JsonSerializable(typeof(Cutover.Importing.EfCoreImportReport))]
[JsonSerializable(typeof(RepairReport))]
[JsonSerializable(typeof(IReadOnlyList<Cutover.Backfill.BackfillStatus>))]
[JsonSerializable(typeof(BaselineReport))]
internal sealed partial class CliJson : JsonSerializerContext;
