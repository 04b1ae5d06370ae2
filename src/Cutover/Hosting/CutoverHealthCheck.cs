using Cutover.Backfill;
using Cutover.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cutover.Hosting;

/// <summary>
/// Reports where the database stands against the application's migrations: pending, failed, backfilling, operations in
/// their window and drift, each with the status <see cref="CutoverHealthCheckOptions"/> gives it. It only reads; an
/// unreachable database throws, which the health check service reports with the registration's failure status.
/// </summary>
internal sealed class CutoverHealthCheck(Migrator migrator, CutoverHealthCheckOptions options) : IHealthCheck
{
    /// <summary>Phases in which both shapes of an operation migration are live or moving.</summary>
    private static readonly HashSet<string> WindowPhases = new(StringComparer.Ordinal) { "expanding", "expanded", "completing", "aborting" };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
        var backfills = await migrator.BackfillStatusAsync(cancellationToken).ConfigureAwait(false);
        var findings = new List<(HealthStatus Status, string Text)>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);

        void Report(string key, HealthStatus when, IReadOnlyList<string> items, string text)
        {
            data[key] = items;
            if (items.Count > 0)
                findings.Add((when, $"{items.Count} {text}"));
        }

        Report("pending", options.Pending,
            Ids(status, MigrationState.Pending, MigrationState.OutOfOrder), "pending migration(s)");
        Report("failed", options.Failed,
            [.. Ids(status, MigrationState.Failed), .. backfills.Where(b => b.State == BackfillStates.Failed).Select(b => "backfill " + b.Id)], "failed migration(s) or backfill(s)");
        Report("backfilling", options.Backfilling,
            backfills.Where(b => b.State is BackfillStates.Queued or BackfillStates.Running or BackfillStates.Paused)
                .Select(b => $"{b.Id}: {b.State}, {b.RowsDone} of about {b.TotalEstimate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} rows").ToList(),
            "backfill(s) in progress");
        Report("operationsInWindow", options.OperationInWindow,
            status.Migrations.Where(m => m.Phase is { } phase && WindowPhases.Contains(phase)).Select(m => $"{m.Id}_{m.Name}: {m.Phase}").ToList(),
            "operation migration(s) between expand and complete");

        if (options.CheckDrift)
        {
            try
            {
                var drift = await migrator.DriftAsync(cancellationToken).ConfigureAwait(false);
                Report("drift", options.Drift, drift.Changes.Select(c => $"{c.Kind} {c.Object}: {c.Detail}").ToList(), "schema change(s) made outside migrations");
            }
            catch (OperationFailedException e)
            {
                // No schema recorded yet (nothing applied): nothing to compare with is not a fault.
                data["drift"] = e.Message;
            }
        }

        data["migrations"] = status.Migrations.Count;
        var worst = findings.Count == 0 ? HealthStatus.Healthy : findings.Min(f => f.Status);
        var description = findings.Count == 0 ? "the database is up to date with the migrations" : string.Join("; ", findings.Select(f => f.Text));
        return new HealthCheckResult(worst, description, data: data);
    }

    private static List<string> Ids(StatusReport status, params MigrationState[] states) =>
        status.Migrations.Where(m => states.Contains(m.State)).Select(m => $"{m.Id}_{m.Name}").ToList();
}
