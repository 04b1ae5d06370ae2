using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cutover.Operations;

/// <summary>
/// One row of <c>cutover_operation</c>: the SQL generated for a migration's operations when its expand started (kept, so
/// that a resumed expand, a complete or an abort runs exactly what was planned, whatever the catalog looks like since),
/// and its last verification.
/// </summary>
internal sealed record OperationRecord(
    string MigrationId,
    IReadOnlyList<string> Tables,
    string ExpandScript,
    OperationPhases Phases,
    DateTime CreatedAt,
    DateTime? CompletedAt,
    DateTime? RetainUntil,
    DateTime? VerifiedAt,
    long? VerifyRows,
    long? VerifyMismatches,
    string? VerifyDetail);

/// <summary>The generated SQL of a migration's later phases, stored as JSON in <c>cutover_operation.plan</c>.</summary>
/// <param name="Complete">The contract's up steps, in migration-file form.</param>
/// <param name="Checks">The row-by-row comparisons of verification.</param>
/// <param name="Shape">The statements that give a connection the new version's shape.</param>
/// <param name="Archives">The archive tables complete fills.</param>
/// <param name="Restore">Down steps that undo the completed operations (then the file's own down steps); null when one of them cannot be undone.</param>
/// <param name="CompleteGuards">What complete checks before it runs (see <see cref="OperationPlan.CompleteGuards"/>).</param>
internal sealed record OperationPhases(string Complete, IReadOnlyList<OperationCheck> Checks, IReadOnlyList<string> Shape, IReadOnlyList<string> Archives, string? Restore = null,
    IReadOnlyList<OperationGuard>? CompleteGuards = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, OperationJson.Default.OperationPhases);

    public static OperationPhases FromJson(string json) =>
        JsonSerializer.Deserialize(json, OperationJson.Default.OperationPhases) ?? throw new JsonException("empty plan");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OperationPhases))]
internal sealed partial class OperationJson : JsonSerializerContext;
