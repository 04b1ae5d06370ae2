using System.Globalization;
using Cutover.History;
using Cutover.Running;

namespace Cutover.Workflows;

/// <summary>Reading where migrations stand and what was done to them (status, validate, the audit log); writes nothing.</summary>
internal sealed class InspectionWorkflow(MigratorContext context)
{
    public async Task<StatusReport> StatusAsync(CancellationToken cancellationToken)
    {
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var plan = await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
        var report = context.Report(plan);
        // Only migrations in their expanded window have a rollout (complete and abort end it): no second read otherwise.
        if (!plan.Any(m => m.Phase is "expanding" or "expanded"))
            return report;
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        var rollouts = await Rollouts.RolloutTable.ReadAllAsync(connection, null, cancellationToken).ConfigureAwait(false);
        return rollouts.Count == 0 ? report
            : report with { Migrations = report.Migrations.Select(m => m with { Rollout = rollouts.FirstOrDefault(r => r.MigrationId == m.Id) }).ToList() };
    }

    public async Task<MigrationLockState> MigrationLockAsync(CancellationToken cancellationToken)
    {
        if (context.Provider is not IMigrationLockInspection inspection)
            return new MigrationLockState(Known: false, Holder: null);
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        return new MigrationLockState(Known: true, await inspection.MigrationLockHolderAsync(connection, cancellationToken).ConfigureAwait(false));
    }

    public async Task<ValidationReport> ValidateAsync(CancellationToken cancellationToken)
    {
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var plan = await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
        var issues = new List<ValidationIssue>();
        foreach (var m in plan)
        {
            var issue = m.State switch
            {
                MigrationState.Failed or MigrationState.Interrupted when m.CompleteUnfinished =>
                    new ValidationIssue(m.Id, m.Where, "complete unfinished: " + m.ToStatus().Detail, MigrationConflict.CompleteUnfinished),
                MigrationState.Changed => new ValidationIssue(m.Id, m.File!.Path, $"changed since it was applied ({m.ToStatus().Detail})", MigrationConflict.Changed),
                MigrationState.Missing => new ValidationIssue(m.Id, m.Where, "applied, but the file is gone",
                    m.CanRollBackWithoutFile ? MigrationConflict.FileMissing : MigrationConflict.FileMissingNoRollback),
                MigrationState.Failed => new ValidationIssue(m.Id, m.Where, $"failed: {m.Record!.Error}", MigrationConflict.Failed),
                MigrationState.Interrupted => new ValidationIssue(m.Id, m.Where, "unfinished: " + m.ToStatus().Detail, m.Record!.IsRollingBack ? MigrationConflict.RollbackUnfinished : MigrationConflict.Unfinished),
                MigrationState.OutOfOrder => new ValidationIssue(m.Id, m.File!.Path, "pending but older than the newest applied migration", MigrationConflict.OutOfOrder),
                _ => null,
            };
            if (issue is not null)
                issues.Add(issue);
        }
        return new ValidationReport(issues);
    }

    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
            throw new InvalidOptionException("Limit", limit.ToString(CultureInfo.InvariantCulture), "must be at least 1", "100");
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        return await AuditLog.ReadAsync(connection, limit, cancellationToken).ConfigureAwait(false);
    }
}
