using Cutover.History;
using Cutover.Running;

namespace Cutover;

public sealed partial class Migrator
{
    /// <summary>Where every migration stands: files compared with the history table. Writes nothing.</summary>
    public async Task<StatusReport> StatusAsync(CancellationToken cancellationToken = default)
    {
        var files = await LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        return Report(await ReadPlanAsync(files, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Checks files against the history without changing anything: applied files edited since, applied
    /// migrations whose file is gone, failed or unfinished migrations, and pending files older than the
    /// newest applied one. A malformed file is thrown as bad input.
    /// </summary>
    public async Task<ValidationReport> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var files = await LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var plan = await ReadPlanAsync(files, cancellationToken).ConfigureAwait(false);
        var issues = new List<ValidationIssue>();
        foreach (var m in plan)
        {
            var issue = m.State switch
            {
                MigrationState.Changed => new ValidationIssue(m.Id, m.File!.Path, $"changed since it was applied ({m.ToStatus().Detail})", MigrationConflict.Changed),
                MigrationState.Missing => new ValidationIssue(m.Id, Where(m), "applied, but the file is gone", MigrationConflict.FileMissing),
                MigrationState.Failed => new ValidationIssue(m.Id, Where(m), $"failed: {m.Record!.Error}", MigrationConflict.Failed),
                MigrationState.Interrupted => new ValidationIssue(m.Id, Where(m), "unfinished: " + m.ToStatus().Detail, m.Record!.IsRollingBack ? MigrationConflict.RollbackUnfinished : MigrationConflict.Unfinished),
                MigrationState.OutOfOrder => new ValidationIssue(m.Id, m.File!.Path, "pending but older than the newest applied migration", MigrationConflict.OutOfOrder),
                _ => null,
            };
            if (issue is not null)
                issues.Add(issue);
        }
        return new ValidationReport(issues);
    }

    /// <summary>The newest <paramref name="limit"/> entries of the audit log, newest first. Writes nothing.</summary>
    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
            throw new InvalidOptionException("Limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1", "100");
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        return await AuditLog.ReadAsync(connection, limit, cancellationToken).ConfigureAwait(false);
    }
}
