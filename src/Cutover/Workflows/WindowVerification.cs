using Cutover.Operations;

namespace Cutover.Workflows;

/// <summary>
/// Verifies every migration whose operations are expanded — the window in which both shapes are live — as a background
/// worker does on a schedule: each result is stored like a verification asked for by hand, so a complete can rely on it.
/// Migrations still expanding (their backfill runs) and completed ones are left alone.
/// </summary>
internal sealed class WindowVerification(MigratorContext context, OperationWorkflow operations)
{
    public async Task<IReadOnlyList<OperationVerification>> VerifyExpandedAsync(VerifyOptions options, CancellationToken cancellationToken)
    {
        // Never a repair: a schedule only compares and records; re-deriving rows is a decision for a person.
        options = options with { Repair = false };
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var expanded = (await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false)).Where(m => m.Phase == "expanded").Select(m => m.Id).ToList();
        var results = new List<OperationVerification>(expanded.Count);
        foreach (var id in expanded)
        {
            try
            {
                results.Add(await operations.VerifyAsync(id, options, cancellationToken).ConfigureAwait(false));
            }
            catch (MigrationStateException e) when (e.Conflict == MigrationConflict.OperationPhase)
            {
                // Completed or aborted since the plan was read: nothing to verify any more.
            }
        }
        return results;
    }
}
